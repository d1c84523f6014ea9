#!/usr/bin/env node
// The FHIRPath conditions of `export fhir --conditions expression` (SDC enableWhenExpression) say
// the same as the exact enableWhen of the default export, evaluated by the fhirpath engine that
// SDC form fillers use, on every response given and on partial copies of each (a share of its
// answers dropped): true, false, or empty (unknown) exactly where the enableWhen, read with
// backtriage's three-valued logic (a comparison with an unanswered question is unknown), is.
// tests/unit/fhir_test.cpp proves that enableWhen equal to ask_when; so the expressions are too.
//
// Usage: node enable_when_expression.js Q_ENABLE_WHEN.json Q_EXPRESSION.json (RESPONSE.json... | --random N)
// --random N makes N complete responses with random answers from the Questionnaire's items.
'use strict';
const fs = require('fs');
const fhirpath = require('fhirpath');
const r4model = require('fhirpath/fhir-context/r4');

const [qPath, qePath, ...responses] = process.argv.slice(2);
if (!qePath || responses.length === 0 || (responses[0] === '--random' && !(Number(responses[1]) > 0))) {
  process.stderr.write('usage: node enable_when_expression.js Q_ENABLE_WHEN.json Q_EXPRESSION.json RESPONSE.json...\n');
  process.exit(2);
}
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const q = read(qPath);
const qe = read(qePath);
const kExpression = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
const itemsOf = (questionnaire) => new Map(questionnaire.item.map((i) => [i.linkId, i]));
const plain = itemsOf(q);
const gated = qe.item.map((item) => {
  const ext = (item.extension || []).find((e) => e.url === kExpression);
  // Only where the default export has the exact enableWhen to compare with.
  if (!ext || !plain.get(item.linkId).enableWhen) return null;
  return ext && { linkId: item.linkId, expression: ext.valueExpression.expression, compiled: fhirpath.compile(ext.valueExpression.expression, r4model) };
}).filter(Boolean);

// Kleene logic over true, false and null (unknown).
const and = (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true);
const or = (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false);

function answerOf(response, linkId) {
  let found = null;
  (function walk(items) {
    for (const it of items || []) {
      if (it.linkId === linkId && it.answer && it.answer.length) found = it.answer[0];
      walk(it.item);
      for (const a of it.answer || []) walk(a.item);
    }
  })(response.item);
  return found;
}

function enableWhenTruth(item, response) {
  if (!item.enableWhen) return true;
  const any = item.enableBehavior === 'any';
  let result = !any;
  for (const w of item.enableWhen) {
    const a = answerOf(response, w.question);
    let holds = null;
    if (a) {
      const key = Object.keys(w).find((k) => k.startsWith('answer'));
      const want = key === 'answerCoding' ? w[key].code : w[key];
      const got = a.valueCoding ? a.valueCoding.code : a.valueBoolean !== undefined ? a.valueBoolean : a.valueInteger !== undefined ? a.valueInteger : a.valueString;
      switch (w.operator) {
        case '=': holds = got === want; break;
        case '!=': holds = got !== want; break;
        case '<': holds = got < want; break;
        case '<=': holds = got <= want; break;
        case '>': holds = got > want; break;
        case '>=': holds = got >= want; break;
        default: throw new Error(`operator ${w.operator}`);
      }
    }
    result = any ? or(result, holds) : and(result, holds);
  }
  return result;
}

// A partial copy: each answered item kept or dropped by a fixed pseudo-random sequence.
let seed = 20261206;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
function partial(response, keep) {
  const copy = JSON.parse(JSON.stringify(response));
  copy.item = (copy.item || []).filter(() => random() < keep);
  return copy;
}

function randomResponse() {
  const item = q.item.map((it) => {
    const range = (name) => ((it.extension || []).find((e) => e.url.endsWith(`/${name}`)) || {}).valueInteger;
    let answer;
    if (it.type === 'boolean') answer = { valueBoolean: random() < 0.5 };
    else if (it.type === 'integer') answer = { valueInteger: range('minValue') + Math.floor(random() * (range('maxValue') - range('minValue') + 1)) };
    else {
      const { system, code } = it.answerOption[Math.floor(random() * it.answerOption.length)].valueCoding;
      answer = { valueCoding: system ? { system, code } : { code } };
    }
    return { linkId: it.linkId, answer: [answer] };
  });
  return { resourceType: 'QuestionnaireResponse', status: 'completed', item };
}
const inputs = responses[0] === '--random'
  ? Array.from({ length: Number(responses[1]) }, (_, k) => [`random response ${k + 1}`, randomResponse()])
  : responses.map((file) => [file, read(file)]);

let compared = 0, failures = 0;
const counts = { true: 0, false: 0, null: 0 };
for (const [file, full] of inputs) {
  for (const [name, response] of [['complete', full], ['70%', partial(full, 0.7)], ['30%', partial(full, 0.3)]]) {
    for (const g of gated) {
      const out = g.compiled(response, { resource: response });
      if (out.length > 1 || (out.length === 1 && typeof out[0] !== 'boolean')) {
        console.log(`FAIL: ${file} (${name}) ${g.linkId}: not a boolean: ${JSON.stringify(out)}`);
        ++failures;
        continue;
      }
      const got = out.length ? out[0] : null;
      const want = enableWhenTruth(plain.get(g.linkId), response);
      ++compared;
      ++counts[String(got)];
      if (got !== want) {
        if (failures < 10) console.log(`FAIL: ${file} (${name}) ${g.linkId}: FHIRPath gives ${got}, enableWhen ${want}: ${g.expression}`);
        ++failures;
      }
    }
  }
}
console.log(`${gated.length} enableWhenExpressions, ${compared} evaluations (true ${counts.true}, false ${counts.false}, unknown ${counts.null}), ${failures} differ`);
process.exit(failures || gated.length === 0 || counts.true === 0 || counts.false === 0 || counts.null === 0 ? 1 : 0);
