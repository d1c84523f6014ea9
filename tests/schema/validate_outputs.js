// Validates JSON documents or JSON lines against the output schemas in schema/ (ajv, draft-07).
// usage: node validate_outputs.js SCHEMA_DIR SCHEMA_ID FILE [--invalid]
//   SCHEMA_ID: assessment, explanation, batch-line, batch-line-full, check, verify
//   FILE: one JSON document, or JSON lines (.jsonl: each line validated on its own)
//   --invalid: every document must be refused (a schema that accepts anything is a defect)
// Prints one line per failure and exits 1 on any.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const [schemaDir, schemaId, file, mode] = process.argv.slice(2);
const ajv = new Ajv({allErrors: true, strict: false});
for (const name of fs.readdirSync(schemaDir)) {
  if (name.endsWith('.schema.json') && name !== 'rules.schema.json')
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8')));
}
const validate = ajv.getSchema(`urn:backtriage:schema:${schemaId}`);
if (!validate) {
  console.log(`no schema urn:backtriage:schema:${schemaId}`);
  process.exit(2);
}
const text = fs.readFileSync(file, 'utf8');
const docs = file.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim() !== '') : [text];
if (docs.length === 0) {
  console.log(`${file}: nothing to validate`);
  process.exit(1);
}
let failures = 0;
docs.forEach((doc, i) => {
  const where = docs.length > 1 ? `${file}:${i + 1}` : file;
  let value;
  try {
    value = JSON.parse(doc);
  } catch (e) {
    console.log(`${where}: not JSON: ${e.message}`);
    failures++;
    return;
  }
  const ok = validate(value);
  if (mode === '--invalid') {
    if (ok) {
      console.log(`${where}: accepted by ${schemaId}, which should refuse it`);
      failures++;
    }
  } else if (!ok) {
    console.log(`${where}: ${ajv.errorsText(validate.errors.slice(0, 3))}`);
    failures++;
  }
});
console.log(`${file}: ${docs.length} document${docs.length === 1 ? '' : 's'}, ${failures} failed (${schemaId}${mode ? ' ' + mode : ''})`);
process.exit(failures ? 1 : 0);
