#!/usr/bin/env node
'use strict';
// json-rules-engine driver for `backtriage export jre` rules.
//   node jre_driver.js RULES.json CASES.jsonl > OUT.txt
// Prints one "LINE|LEVEL|recommended,...|avoided,..." line per case (the format of the CLIPS
// export, so bench/compare_engines.py checks both), then a JSON stats line on stderr.
const fs = require('fs');
const readline = require('readline');
const { performance } = require('perf_hooks');
const { Engine } = require('json-rules-engine');

async function main() {
  const [rulesFile, casesFile] = process.argv.slice(2);
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const r of JSON.parse(fs.readFileSync(rulesFile, 'utf8'))) engine.addRule(r);
  // Each firing records its conclusions; "set:X" adds a derived fact that later rules test in D.
  engine.on('success', async (event, almanac) => {
    const D = await almanac.factValue('D');
    const C = await almanac.factValue('C');
    for (const c of event.params.c) (c.startsWith('set:') ? D : C).push(c.startsWith('set:') ? c.slice(4) : c);
  });
  const out = [];
  let n = 0, runSeconds = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(casesFile), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (!text.trim()) continue;
    const facts = JSON.parse(text);
    delete facts.id;
    const D = [], C = [];
    const t0 = performance.now();
    await engine.run({ ...facts, D, C });
    runSeconds += (performance.now() - t0) / 1e3;
    let level = -1;
    const rec = new Set(), avoid = new Set();
    for (const c of C) {
      const [kind, v] = c.split(':');
      if (kind === 'disposition') level = Math.max(level, Number(v));
      else if (kind === 'recommend') rec.add(v);
      else if (kind === 'avoid') avoid.add(v);
    }
    for (const a of avoid) rec.delete(a);
    out.push(`${lineNo}|${level}|${[...rec].join(',')}|${[...avoid].join(',')}`);
    n++;
  }
  process.stdout.write(out.join('\n') + '\n');
  process.stderr.write(JSON.stringify({ cases: n, run_s: runSeconds, rss_mb: process.memoryUsage().rss / 2 ** 20 }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
