// Validates SARIF logs against the published SARIF 2.1.0 JSON Schema (draft-04), as shipped in the
// npm package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, the schema SchemaStore
// publishes for 2.1.0), with ajv, its draft-04 support and ajv-formats.
// usage: node validate_sarif.js FILE... [--invalid]   (--invalid: every file must be refused)
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const args = process.argv.slice(2);
const invalid = args.includes('--invalid');
const files = args.filter((a) => a !== '--invalid');
const schemaFile = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
                             'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
// The schema's language pattern has a stray ']', which only a non-unicode RegExp accepts.
const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
addFormats(ajv);  // uri, uri-reference, date-time: the artifact URIs are checked too
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
let failures = 0;
for (const file of files) {
  const ok = validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (ok === invalid) {
    failures++;
    console.log(invalid ? `${file}: accepted by the SARIF schema, which should refuse it`
                        : `${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`${files.length} SARIF log${files.length === 1 ? '' : 's'}, ${failures} failed${invalid ? ' (--invalid)' : ''}`);
process.exit(failures ? 1 : 0);
