#!/usr/bin/env node
// The HTML rule book in a real browser (Debian's chromium, driven by playwright-core):
//   - it loads with no console error or warning, no page error, and no request but itself
//     (the page is self-contained; its Content-Security-Policy would block anything else);
//   - every id backtriage lists has its entry, visible; every in-page link lands on an element;
//   - the rule graph is an inline SVG with one node per question, fact, rule, result and option;
//   - a screenshot shows the content: decoded by the browser itself, it has ink on a good part of
//     the page and the red of the red-flag rules;
//   - printed, the table of contents is hidden.
// usage: node rule_book.js BOOK.html SCREENSHOT.png IDS_FILE GRAPH_NODES
//   IDS_FILE: `backtriage rules list` output (kind, id, title per line); GRAPH_NODES: expected node
//   count, or 0 when the book was made without Graphviz.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [book, screenshotPath, idsFile, graphNodesArg] = process.argv.slice(2);
if (!graphNodesArg) {
  process.stderr.write('usage: node rule_book.js BOOK.html SCREENSHOT.png IDS_FILE GRAPH_NODES\n');
  process.exit(2);
}
const prefix = { question: 'q-', fact: 'f-', rule: 'r-', option: 'o-', disposition: 'd-' };
const expectedIds = fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [kind, id] = line.split('\t');
  return (prefix[kind] || `${kind}-`) + id;
});
const graphNodes = Number(graphNodesArg);
const failures = [];
const fail = (message) => failures.push(message);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // This machine has no outside network: without these, Chromium keeps trying to reach Google.
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = 'file://' + path.resolve(book);
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') fail(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => fail(`page error: ${e.message}`));
    page.on('request', (r) => { if (r.url() !== url) fail(`a request for ${r.url()}: the page is not self-contained`); });
    page.on('requestfailed', (r) => fail(`failed request ${r.url()}`));
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) fail(`the page did not load: ${response && response.status()}`);

    const title = await page.title();
    if (!title.startsWith('Rule book: ')) fail(`title is '${title}'`);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    if (!csp || !csp.includes("default-src 'none'")) fail(`no strict Content-Security-Policy: ${csp}`);

    // Every listed element has a visible entry.
    const missing = await page.evaluate((ids) => ids.filter((id) => {
      const el = document.getElementById(id);
      if (!el) return true;
      const box = el.getBoundingClientRect();
      return box.width === 0 || box.height === 0;
    }), expectedIds);
    if (missing.length) fail(`${missing.length} entries missing or invisible: ${missing.slice(0, 5).join(', ')}`);
    const articles = await page.locator('article').count();
    if (articles < expectedIds.length) fail(`${articles} entries, fewer than the ${expectedIds.length} listed ids`);

    // No dead in-page link.
    const dead = await page.evaluate(() => [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => a.getAttribute('href').slice(1)).filter((id) => !document.getElementById(id)));
    if (dead.length) fail(`${dead.length} links lead nowhere: ${[...new Set(dead)].slice(0, 5).join(', ')}`);
    const links = await page.locator('a[href^="#"]').count();

    // The graph.
    const graph = await page.evaluate(() => {
      const svg = document.querySelector('#graph ~ figure svg');
      if (!svg) return null;
      const box = svg.getBoundingClientRect();
      return { width: box.width, height: box.height, nodes: svg.querySelectorAll('g.node').length,
               edges: svg.querySelectorAll('g.edge').length };
    });
    if (graphNodes > 0) {
      if (!graph) fail('no inline SVG rule graph');
      else {
        if (graph.nodes !== graphNodes) fail(`the graph has ${graph.nodes} nodes, expected ${graphNodes}`);
        if (graph.edges === 0) fail('the graph has no edges');
        if (graph.width < 300 || graph.height < 100) fail(`the graph is drawn ${graph.width}x${graph.height}`);
      }
    } else if (graph) {
      fail('an SVG graph in a book made without Graphviz');
    } else if (!(await page.locator('#graph ~ pre').count())) {
      fail('no DOT text in a book made without Graphviz');
    }

    // A screenshot of the whole page, looked at by the browser: ink coverage and red-flag red.
    const png = await page.screenshot({ fullPage: true, path: screenshotPath });
    const shot = await browser.newPage();
    const seen = await shot.evaluate(async (dataUrl) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      // In bands: a canvas taller than 65535 pixels cannot be drawn on, and the book is longer.
      const width = img.naturalWidth, height = img.naturalHeight, band = 8192;
      const canvas = document.createElement('canvas');
      canvas.width = width;
      const ctx = canvas.getContext('2d');
      let ink = 0, red = 0;
      for (let top = 0; top < height; top += band) {
        const rows = Math.min(band, height - top);
        canvas.height = rows;
        ctx.drawImage(img, 0, top, width, rows, 0, 0, width, rows);
        const { data } = ctx.getImageData(0, 0, width, rows);
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (r < 200 || g < 200 || b < 200) ++ink;
          if (Math.abs(r - 185) < 12 && Math.abs(g - 28) < 12 && Math.abs(b - 28) < 12) ++red;
        }
      }
      return { width, height, ink: ink / (width * height), red };
    }, 'data:image/png;base64,' + png.toString('base64'));
    if (seen.height < 2000) fail(`the screenshot is only ${seen.width}x${seen.height}`);
    if (seen.ink < 0.03) fail(`the screenshot is nearly blank (${(seen.ink * 100).toFixed(1)}% ink)`);
    if (seen.red < 100) fail(`no red-flag red in the screenshot (${seen.red} pixels)`);

    // Printed: no table of contents.
    await page.emulateMedia({ media: 'print' });
    if (await page.locator('nav').isVisible()) fail('the table of contents is printed');

    process.stdout.write(`${articles} entries, ${links} in-page links, graph ${graph ? `${graph.nodes} nodes ${graph.edges} edges` : 'as DOT'}, ` +
                         `screenshot ${seen.width}x${seen.height} with ${(seen.ink * 100).toFixed(1)}% ink -> ${screenshotPath}\n`);
  } finally {
    await browser.close();
  }
  for (const f of failures) process.stdout.write(`FAIL: ${f}\n`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => {
  process.stdout.write(`FAIL: ${e.stack || e}\n`);
  process.exit(1);
});
