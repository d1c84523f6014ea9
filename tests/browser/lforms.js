#!/usr/bin/env node
// The exported Questionnaire in a real FHIR form filler: LHC-Forms (npm lforms, the NLM's web
// component) in Debian's chromium, driven by playwright-core. For each answer set, the form is
// loaded fresh and filled the way a person fills it, top to bottom: a yes/no item by clicking its
// Yes or No, a choice by typing its answer into the list and picking it, a number by typing it.
// An item the form does not show (its enableWhen closed) cannot be filled, as for a person. The
// form's own QuestionnaireResponse (LForms.Util.getFormFHIRData) is written to OUT_DIR/NAME.json,
// and the items the answer set answered but the form hid to OUT_DIR/NAME.hidden; the shell side
// assesses each and compares with the answer set's own result.
// usage: node lforms.js LFORMS_DIST Q.json CASES.json OUT_DIR
//   LFORMS_DIST: the package's dist/lforms folder; CASES.json: [{"name":..., "answers": {...}}]
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [lformsDir, qFile, casesFile, outDir] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write('usage: node lforms.js LFORMS_DIST Q.json CASES.json OUT_DIR\n');
  process.exit(2);
}
const questionnaire = JSON.parse(fs.readFileSync(qFile, 'utf8'));
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const failures = [];
const fail = (message) => failures.push(message);

// The page: LHC-Forms' web component, as its README says to load it, served over HTTP (module
// scripts do not load from file:) from this machine only.
const page = `<!doctype html><html><head><meta charset="utf-8"><title>backtriage in LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css">
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
</head><body><div id="form"></div></body></html>`;
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.png': 'image/png', '.map': 'application/json' };
const root = path.resolve(lformsDir);
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  if (url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page);
  }
  const file = path.join(root, url.replace(/^\/lforms\//, ''));
  if (url.startsWith('/lforms/') && file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    return res.end(fs.readFileSync(file));
  }
  res.writeHead(404);
  res.end();
});

const displayOf = (item, value) => {
  const code = value === 'unsure' ? 'UNK' : String(value);
  const option = (item.answerOption || []).find((o) => o.valueCoding.code === code);
  if (!option) throw new Error(`${value} is no answer of ${item.linkId}`);
  return option.valueCoding.display;
};

// Whether a field is (or becomes) visible. LHC-Forms re-evaluates enableWhenExpression after a
// change asynchronously: under load, an item a gate just opened shows up a little later, so a
// field is given a few seconds before it counts as hidden (only closed gates pay the wait).
async function becomesVisible(locator) {
  try {
    await locator.waitFor({ state: 'visible', timeout: 3000 });
    return true;
  } catch (e) {
    return false;
  }
}

// LHC-Forms names a field by its linkId and its path of repetitions: "/1" at the top, "/1/1" in
// the first (and only) repetition of a group (a checklist).
async function fill(tab, item, value, path) {
  const id = `${item.linkId}${path}`;
  if (item.type === 'boolean') {
    const radio = tab.locator(`[id="${id}|${value === 'yes' || value === true}"]`);
    if (!(await becomesVisible(radio))) return false;
    await radio.click();
    return true;
  }
  const input = tab.locator(`input[id="${id}"]`);
  if (!(await becomesVisible(input))) return false;
  if (item.type === 'integer') {
    await input.click();
    await input.pressSequentially(String(value));
    await input.press('Tab');
    return true;
  }
  // A choice: LHC-Forms' answer list. Type the answer, pick it from the list that opens.
  const display = displayOf(item, value);
  await input.click();
  await input.pressSequentially(display);
  // Each list entry reads "N: answer" (its number, then the answer).
  const exact = new RegExp(`^\\d+:\\s+${display.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const choice = tab.locator('#lhc-tools-searchResults li').filter({ hasText: exact }).first();
  await choice.waitFor({ state: 'visible', timeout: 5000 });
  await choice.click();
  const shown = await input.inputValue();
  if (shown !== display) fail(`${item.linkId}: picked '${display}', the field shows '${shown}'`);
  return true;
}

server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    // One page, one form at a time: each answer set starts from a fresh form.
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let name = '(loading)';
    tab.on('pageerror', (e) => fail(`${name}: page error: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.location().url)) fail(`${name}: console error: ${m.text()}`); });
    tab.on('request', (r) => { if (!r.url().startsWith(base)) fail(`${name}: a request outside this machine: ${r.url()}`); });
    await tab.goto(base, { waitUntil: 'load' });
    await tab.waitForFunction(() => window.LForms && window.LForms.Util && window.LForms.Util.addFormToPage, null, { timeout: 60000 });
    await tab.addScriptTag({ url: '/lforms/fhir/R4/lformsFHIR.min.js' });
    for (const c of cases) {
      name = c.name;
      await tab.evaluate((q) => {
        window.LForms.Util.removeFormsFromPage('form');
        window.LForms.Util.addFormToPage(q, 'form', { fhirVersion: 'R4' });
      }, questionnaire);
      await tab.locator(`[id="item-${questionnaire.item[0].linkId}/1"]`).waitFor({ timeout: 60000 });
      const hidden = [];
      for (const top of questionnaire.item) {
        const group = top.type === 'group';
        for (const item of group ? top.item : [top]) {
          if (!(item.linkId in c.answers)) continue;
          if (!(await fill(tab, item, c.answers[item.linkId], group ? '/1/1' : '/1'))) hidden.push(item.linkId);
        }
      }
      const response = await tab.evaluate(() => window.LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', '#form'));
      if (!response || response.resourceType !== 'QuestionnaireResponse') fail(`${name}: no QuestionnaireResponse from the form`);
      fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(response, null, 1));
      fs.writeFileSync(path.join(outDir, `${name}.hidden`), hidden.join('\n') + (hidden.length ? '\n' : ''));
    }
  } catch (e) {
    fail(`the form filler failed: ${e.message}`);
  } finally {
    await browser.close();
    server.close();
  }
  for (const f of failures) console.log(`FAIL: ${f}`);
  console.log(`${cases.length} answer sets filled in LHC-Forms; ${failures.length} problem(s)`);
  process.exit(failures.length ? 1 : 0);
});
