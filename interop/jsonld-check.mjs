// Converts every .jsonld file of a folder to RDF (N-Quads) with jsonld.js,
// offline: the document loader refuses every URL, so a context that is not
// inline fails. Then checks the schema:Event nodes and that their dates are
// xsd:date literals.
//
//   node interop/jsonld-check.mjs JSONLD_HOME DIR [EXPECTED_EVENTS]
//
// JSONLD_HOME is the folder where npm installed jsonld.
import { createRequire } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const [home, dir, expected] = process.argv.slice(2);
if (!home || !dir) {
  console.error('usage: node jsonld-check.mjs JSONLD_HOME DIR [EXPECTED_EVENTS]');
  process.exit(2);
}
const jsonld = createRequire(path.join(path.resolve(home), 'package.json'))('jsonld');

const RDF_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
const EVENT = '<https://schema.org/Event>';
const DATE_PROPS = ['<https://schema.org/startDate>', '<https://schema.org/endDate>'];
const XSD_DATE = /^"\d{4}-\d{2}-\d{2}"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#date>$/;

const offline = async (url) => {
  throw new Error(`offline: the document needs ${url}`);
};

const problems = [];
let files = 0, quads = 0, events = 0, dates = 0;
const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonld')).sort();
for (const name of names) {
  const file = path.join(dir, name);
  let nq;
  try {
    const doc = JSON.parse(await readFile(file, 'utf8'));
    // safe mode: a term that does not expand (and would be dropped) is an error.
    nq = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: offline, safe: true });
  } catch (e) {
    problems.push(`${file}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details) : ''}`);
    continue;
  }
  files++;
  const lines = nq.split('\n').filter((l) => l !== '');
  quads += lines.length;
  const eventNodes = new Set();
  const parsed = lines.map((l) => {
    // subject predicate object [graph] . — subjects and predicates have no spaces.
    const m = /^(\S+) (\S+) (.*) \.$/.exec(l);
    return m ? { s: m[1], p: m[2], o: m[3] } : null;
  });
  for (const q of parsed) {
    if (q && q.p === RDF_TYPE && q.o === EVENT) eventNodes.add(q.s);
  }
  events += eventNodes.size;
  for (const q of parsed) {
    if (!q || !eventNodes.has(q.s) || !DATE_PROPS.includes(q.p)) continue;
    dates++;
    if (!XSD_DATE.test(q.o)) problems.push(`${file}: ${q.s} ${q.p} is ${q.o}, want an xsd:date literal`);
  }
}

if (names.length === 0) problems.push(`${dir}: no .jsonld files`);
if (expected !== undefined && events !== Number(expected)) {
  problems.push(`${dir}: ${events} schema:Event nodes, want ${expected}`);
}
const { version } = createRequire(path.join(path.resolve(home), 'package.json'))('jsonld/package.json');
console.log(`jsonld.js ${version}: ${files}/${names.length} files converted offline, ${quads} quads, ${events} schema:Event, ${dates} event dates`);
for (const p of problems) console.error(p);
process.exit(problems.length ? 1 : 0);
