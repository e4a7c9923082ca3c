// Loads DIR/datapackage.json with the Frictionless reference library, checks
// it against its profile (strict), then reads every resource with its Table
// Schema, casting each value, and checks the row count against the CSV.
//
//   node interop/datapackage-check.cjs DATAPACKAGE_HOME DIR
const path = require('node:path');
const fs = require('node:fs');

const [home, dir] = process.argv.slice(2);
if (!home || !dir) {
  console.error('usage: node datapackage-check.cjs DATAPACKAGE_HOME DIR');
  process.exit(2);
}
const { Package } = require(path.join(path.resolve(home), 'node_modules', 'datapackage'));

(async () => {
  const problems = [];
  let pkg;
  try {
    pkg = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir, strict: true });
  } catch (e) {
    console.error(`${dir}/datapackage.json: ${e.message} ${(e.errors || []).map((x) => x.message).join('; ')}`);
    process.exit(1);
  }
  let rows = 0;
  for (const r of pkg.resources) {
    const file = path.join(dir, r.descriptor.path);
    try {
      const read = await r.read({ cast: true });
      rows += read.length;
      // Records in the file, header excepted, as an independent count.
      const csvRecords = (await r.read({ cast: false })).length;
      if (read.length !== csvRecords) problems.push(`${file}: ${read.length} rows cast, ${csvRecords} records`);
      if (fs.statSync(file).size !== r.descriptor.bytes) problems.push(`${file}: size differs from bytes`);
    } catch (e) {
      problems.push(`${file}: ${e.message} ${(e.errors || []).slice(0, 5).map((x) => x.message).join('; ')}`);
    }
  }
  console.log(`datapackage.js: profile ${pkg.descriptor.profile} valid, ${pkg.resources.length} resources, ${rows} rows cast to their types`);
  for (const p of problems) console.error(p);
  process.exit(problems.length ? 1 : 0);
})();
