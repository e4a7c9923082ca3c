// Reads every Parquet file of an output folder with DuckDB and checks it
// against the CSV of the same dataset:
//   - the row counts are equal (DuckDB's read_csv counts records, so a cell
//     holding a newline is one record, as RFC 4180 says);
//   - the column names are the same, in the same order;
//   - the values are the same: the CSV is read with the Parquet file's column
//     types and the two tables must have no row that the other lacks (an
//     empty string and a null count as one, as CSV cannot tell them apart);
//   - visits.start_date and visits.end_date are typed DATE.
//
//   node interop/duckdb-check.mjs DUCKDB_HOME OUT_DIR
//
// DUCKDB_HOME is the folder where npm installed @duckdb/node-api.
import { createRequire } from 'node:module';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const [home, out] = process.argv.slice(2);
if (!home || !out) {
  console.error('usage: node duckdb-check.mjs DUCKDB_HOME OUT_DIR');
  process.exit(2);
}
const { DuckDBInstance } = createRequire(path.join(path.resolve(home), 'package.json'))('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const query = async (sql, values) => (await db.runAndReadAll(sql, values)).getRowObjectsJS();
const quote = (name) => '"' + name.replaceAll('"', '""') + '"';
const bigints = (k, v) => (typeof v === 'bigint' ? Number(v) : v);
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";

const problems = [];
const parquetDir = path.join(out, 'parquet');
const names = (await readdir(parquetDir)).filter((n) => n.endsWith('.parquet')).sort();
if (names.length === 0) problems.push(`${parquetDir}: no Parquet files`);
const types = {};
for (const name of names) {
  const dataset = name.slice(0, -'.parquet'.length);
  const pq = path.join(parquetDir, name);
  const csv = path.join(out, 'csv', dataset + '.csv');
  try {
    const cols = await query(`DESCRIBE SELECT * FROM read_parquet(${lit(pq)})`);
    types[dataset] = Object.fromEntries(cols.map((c) => [c.column_name, c.column_type]));
    const [{ n: pqRows }] = await query(`SELECT count(*)::INTEGER AS n FROM read_parquet(${lit(pq)})`);
    // The CSV read with the Parquet types, its header checked against them.
    const columns = '{' + cols.map((c) => `${lit(c.column_name)}: ${lit(c.column_type)}`).join(', ') + '}';
    const csvTable = `read_csv(${lit(csv)}, header = true, delim = ',', quote = '"', escape = '"', ` +
      `auto_detect = false, strict_mode = true, columns = ${columns})`;
    const header = await query(`SELECT Columns FROM sniff_csv(${lit(csv)}, header = true, delim = ',', quote = '"', escape = '"')`);
    const csvNames = header[0].Columns.map((c) => c.name);
    const pqNames = cols.map((c) => c.column_name);
    if (csvNames.join('\t') !== pqNames.join('\t')) {
      problems.push(`${dataset}: CSV columns [${csvNames}] differ from Parquet columns [${pqNames}]`);
      continue;
    }
    const [{ n: csvRows }] = await query(`SELECT count(*)::INTEGER AS n FROM ${csvTable}`);
    const same = (table) => 'SELECT ' + cols.map((c) => c.column_type === 'VARCHAR'
      ? `NULLIF(${quote(c.column_name)}, '') AS ${quote(c.column_name)}` : quote(c.column_name)).join(', ') + ` FROM ${table}`;
    const pqSide = same(`read_parquet(${lit(pq)})`), csvSide = same(csvTable);
    const diff = await query(`(${pqSide} EXCEPT ALL ${csvSide}) UNION ALL (${csvSide} EXCEPT ALL ${pqSide}) LIMIT 3`);
    console.log(`${dataset}: ${pqRows} rows in Parquet, ${csvRows} in CSV; ` +
      cols.map((c) => `${c.column_name} ${c.column_type}`).join(', '));
    if (pqRows !== csvRows) problems.push(`${dataset}: ${pqRows} rows in Parquet, ${csvRows} in the CSV`);
    for (const row of diff) problems.push(`${dataset}: a row in only one of Parquet and CSV: ${JSON.stringify(row, bigints)}`);
  } catch (e) {
    problems.push(`${dataset}: ${e.message}`);
  }
}
for (const col of ['start_date', 'end_date']) {
  const t = types.visits?.[col];
  if (t !== 'DATE') problems.push(`visits.${col} is ${t ?? 'missing'}, want DATE`);
}
db.closeSync();
if (problems.length) {
  for (const p of problems) console.error('duckdb: ' + p);
  process.exit(1);
}
console.log(`duckdb: ${names.length} Parquet files match their CSVs; visits dates are DATE`);
