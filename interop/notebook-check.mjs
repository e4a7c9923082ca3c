// Runs the README's "In a notebook" lines for DuckDB and polars on an output
// folder and checks the types they give:
//   - DuckDB reads articles.parquet and articles.csv with revision_timestamp
//     a TIMESTAMP WITH TIME ZONE, and every column of every Parquet file can
//     be named bare (no core column is a keyword that needs quoting);
//   - polars (the nodejs-polars binding, the same calls as Python's
//     pl.read_parquet and pl.read_csv(try_parse_dates=True)) gives
//     revision_timestamp as Datetime(us, UTC) from both;
//   - every article's url is on its own wiki.
//
//   node interop/notebook-check.mjs DUCKDB_HOME POLARS_HOME OUT_DIR
import { createRequire } from 'node:module';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const [duckHome, polarsHome, out] = process.argv.slice(2);
if (!duckHome || !polarsHome || !out) {
  console.error('usage: node notebook-check.mjs DUCKDB_HOME POLARS_HOME OUT_DIR');
  process.exit(2);
}
const load = (home, name) => createRequire(path.join(path.resolve(home), 'package.json'))(name);
const { DuckDBInstance } = load(duckHome, '@duckdb/node-api');
const pl = load(polarsHome, 'nodejs-polars');

const problems = [];
process.chdir(out); // the README's paths are relative to the folder holding out/
const db = await (await DuckDBInstance.create(':memory:')).connect();
const query = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();

// DuckDB, as the README shows it.
const readme = {
  parquet: "SELECT title, url, revision_timestamp FROM 'out/parquet/articles.parquet'",
  csv: "SELECT title, url, revision_timestamp FROM read_csv('out/csv/articles.csv', types = {'revision_timestamp': 'TIMESTAMPTZ'})",
};
for (const [form, sql] of Object.entries(readme)) {
  const rows = await query(`SELECT typeof(revision_timestamp) AS t, count(revision_timestamp) AS n FROM (${sql}) GROUP BY 1`);
  if (rows.length !== 1 || rows[0].t !== 'TIMESTAMP WITH TIME ZONE' || Number(rows[0].n) === 0) {
    problems.push(`duckdb ${form}: revision_timestamp is ${JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? Number(v) : v))}, want TIMESTAMP WITH TIME ZONE values`);
  }
}
const urls = await query("SELECT count(*) AS n FROM 'out/parquet/articles.parquet' WHERE NOT starts_with(url, 'https://' || wiki || '/wiki/')");
if (Number(urls[0].n) !== 0) problems.push(`${urls[0].n} articles whose url is not on their wiki`);
for (const name of (await readdir('out/parquet')).filter((n) => n.endsWith('.parquet')).sort()) {
  const file = `out/parquet/${name}`;
  const cols = (await query(`DESCRIBE SELECT * FROM '${file}'`)).map((r) => r.column_name);
  try {
    await query(`SELECT ${cols.join(', ')} FROM '${file}' LIMIT 1`);
  } catch (e) {
    problems.push(`${file}: its columns cannot all be named bare: ${e.message.split('\n')[0]}`);
  }
}

// polars, the README's calls in the JS binding's spelling.
const fromParquet = pl.readParquet('out/parquet/articles.parquet');
const fromCSV = pl.readCSV('out/csv/articles.csv', { tryParseDates: true });
for (const [form, df] of [['read_parquet', fromParquet], ['read_csv', fromCSV]]) {
  const type = (col) => String(df.schema[col]).replace(/^DataType\((.*)\)$/, '$1');
  if (type('revision_timestamp') !== 'Datetime(us,UTC)') problems.push(`polars ${form}: revision_timestamp is ${type('revision_timestamp')}, want Datetime(us,UTC)`);
  if (type('page_id') !== 'Int64') problems.push(`polars ${form}: page_id is ${type('page_id')}, want Int64`);
}
if (fromParquet.height !== fromCSV.height) problems.push(`polars: ${fromParquet.height} rows from Parquet, ${fromCSV.height} from CSV`);

if (problems.length) {
  for (const p of problems) console.error('notebook: ' + p);
  process.exit(1);
}
console.log(`notebook: DuckDB and polars read ${fromParquet.height} articles with TIMESTAMP revision times; every column is a bare name`);
