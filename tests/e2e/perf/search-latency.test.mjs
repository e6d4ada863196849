// Keystroke to results on screen, in the real window, on a big database:
// types every prefix of a set of words into the quick search palette, then
// into the customer list's search box, and reads the page's own timings
// (src/lib/latency.ts: from the keystroke to the end of the first frame
// drawn with the results: the IPC call, the core's ranked search, the DOM,
// the paint), and where that time goes. Logged for BENCHMARKS.md, not
// asserted; not part of the suite.
//
//   CLIENTELE_PERF_DB=/tmp/bench-100k.db CLIENTELE_APP=... CLIENTELE_CLI=... \
//     tests/e2e/run.sh perf/search-latency.test.mjs
//
// CLIENTELE_PERF_ONLY=list (or quick) measures one of the two boxes.
// CLIENTELE_PERF_XDOTOOL=1 types with xdotool (apt: xdotool), as an X
// keyboard does through GTK, instead of WebDriver (Latin words only; it does
// not type Chinese reliably). CLIENTELE_PERF_JS runs a script in the page
// first (to try a CSS change without a rebuild, say).
//
// The database file is copied first, so the original is left as it was.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { appTest, Key, LANG_ZH } from '../helpers.mjs';

const SOURCE = process.env.CLIENTELE_PERF_DB;
const XDOTOOL = !!process.env.CLIENTELE_PERF_XDOTOOL;
/** `list` or `quick` to measure only that search box. */
const ONLY = process.env.CLIENTELE_PERF_ONLY;
const WORDS = ['张三', '王芳', '李明朗', '曾', '1380013', '0013', '+86 138', 'gmail', 'VIP', 'Anna', '批发', 'user12', 'zs', 'lml', 'zhangsan', 'wangfang'].filter(
  (w) => !XDOTOOL || /^[\x20-\x7e]+$/.test(w),
);

/** Empties the page's per-keystroke marks (set up in the test below). */
const RESET_MARKS = 'window.__keyMarks = { handlers: [], keyFrame: [] };';

function pct(sorted, p) {
  return sorted[Math.round((sorted.length - 1) * p)];
}

/** Types every word into `input` a key at a time, each answered before the next; returns the timings. */
async function typeWords(app, input, what) {
  const take = `const all = window.__clienteleLatency; const v = all[${JSON.stringify(what)}] || []; all[${JSON.stringify(what)}] = []; return v`;
  const timings = [];
  for (const word of WORDS) {
    if (XDOTOOL) {
      execFileSync('xdotool', ['key', 'ctrl+a', 'BackSpace']);
      await app.driver.sleep(300);
    } else {
      await input.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
    }
    await app.driver.sleep(200); // the list answers the clear too
    await app.driver.executeScript(RESET_MARKS + take);
    for (const ch of [...word]) {
      if (XDOTOOL) execFileSync('xdotool', ['type', '--delay', '0', ch]);
      else await input.sendKeys(ch);
      // Look for the timing only once the results are surely drawn: a WebDriver
      // script run while the search is under way would take the page's main
      // thread from it and be counted in its time.
      await app.driver.sleep(150);
      await app.driver.wait(async () => (await app.driver.executeScript(`return (window.__clienteleLatency[${JSON.stringify(what)}] || []).length`)) >= 1, 30_000);
      const [t] = await app.driver.executeScript(take);
      const m = await app.driver.executeScript(`const m = window.__keyMarks; ${RESET_MARKS} return m`);
      timings.push({ q: word, ...t, keyFrameMs: m.keyFrame[0], frameStartMs: m.keyFrame[1], handlersMs: m.handlers[0] });
    }
  }
  return timings;
}

function report(what, timings) {
  const r = (x) => (x === undefined ? '-' : Math.round(x));
  console.log(
    `${what}, each keystroke (ms from the input event to: the end of its handlers / its own frame starting / drawn / the search's reply / the DOM updated / the results' frame starting / results on screen): ` +
      timings.map((t) => `${t.q}:${r(t.handlersMs)}/${r(t.frameStartMs)}/${r(t.keyFrameMs)}/${r(t.answerMs)}/${r(t.updatedMs)}/${r(t.frameMs)}/${r(t.ms)}`).join(' '),
  );
  /** The `p` percentile of `k` (a field's name or a function of a keystroke's timings), or '-'. */
  const at = (k, p = 0.5) => {
    const xs = timings.map((t) => (typeof k === 'function' ? k(t) : t[k])).filter((x) => x !== undefined).sort((a, b) => a - b);
    return xs.length ? pct(xs, p).toFixed(1) : '-';
  };
  const med = (k) => at(k);
  const p90 = (k) => at(k, 0.9);
  console.log(`${what}, medians: handlers ${med('handlersMs')} ms, own frame ${med('keyFrameMs')} ms, reply ${med('answerMs')} ms, DOM updated ${med('updatedMs')} ms, results' frame starts ${med('frameMs')} ms, on screen ${med('ms')} ms; ` +
      `that frame took ${med((t) => t.ms - t.frameMs)} ms (p90 ${p90((t) => t.ms - t.frameMs)}), Svelte's update ${med((t) => t.updatedMs - t.answerMs)} ms (p90 ${p90((t) => t.updatedMs - t.answerMs)})`);
  const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(
    `${what}: keystroke to results on screen (${timings.length} keystrokes${XDOTOOL ? ', xdotool' : ''}): median ${pct(sorted, 0.5).toFixed(1)} ms, ` +
      `p95 ${pct(sorted, 0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; slowest: a prefix of ${JSON.stringify(slowest.q)}`,
  );
}

appTest(
  'keystroke to search results on screen',
  { lang: LANG_ZH, screen: 'today', timeout: 900_000, setup: (tmp) => fs.copyFileSync(SOURCE, tmp.dbPath) },
  async (app) => {
    assert.ok(SOURCE, 'set CLIENTELE_PERF_DB to a demo database (the bench makes one)');
    await app.byTestId('today-screen', { timeout: 120_000 });
    // The app loads the search index in the background after the first paint; let it.
    await app.driver.sleep(5_000);
    if (process.env.CLIENTELE_PERF_JS) await app.driver.executeScript(process.env.CLIENTELE_PERF_JS);
    // Where each keystroke's time goes, from the same input event: the end of
    // its handlers (the search sent, Svelte's updates), of its own frame (the
    // typed letter drawn; the answer cannot be drawn before it). The page
    // itself records the reply, the DOM update and the results' frame.
    await app.driver.executeScript(`
      window.__clienteleLatency = {}; // the page records its timings from now on (src/lib/latency.ts)
      ${RESET_MARKS}
      let t0 = 0;
      document.addEventListener('input', () => {
        const at = (t0 = performance.now());
        requestAnimationFrame(() => { const f = performance.now() - at; setTimeout(() => window.__keyMarks.keyFrame.push(performance.now() - at, f)); });
      }, true);
      window.addEventListener('input', () => window.__keyMarks.handlers.push(performance.now() - t0));`);

    if (ONLY !== 'list') {
      await app.driver.actions().keyDown(Key.CONTROL).sendKeys('k').keyUp(Key.CONTROL).perform();
      report('quick search', await typeWords(app, await app.byTestId('quick-search-input'), 'quickSearch'));
      await app.driver.actions().sendKeys(Key.ESCAPE).perform();
    }
    if (ONLY === 'quick') return;

    await app.click('nav-customers');
    const search = await app.byTestId('search-input');
    await app.driver.wait(async () => (await app.driver.executeScript('return document.activeElement?.dataset?.testid')) === 'search-input', 10_000);
    report('customer list', await typeWords(app, search, 'list'));
  },
);
