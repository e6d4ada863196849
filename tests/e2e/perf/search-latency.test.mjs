// Keystroke to results on screen, in the real window, on a big database:
// types every prefix of a set of words into the quick search palette and
// reads the palette's own timings (from the input event to the first frame
// drawn with the results: the IPC call, the core's ranked search, the DOM).
// Logged for BENCHMARKS.md, not asserted; not part of the spec suite.
//
//   CLIENTELE_PERF_DB=/tmp/bench-100k.db CLIENTELE_APP=... CLIENTELE_CLI=... \
//     tests/e2e/run.sh perf/search-latency.test.mjs
//
// The database file is copied first, so the original is left as it was.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { appTest, Key, LANG_ZH } from '../helpers.mjs';

const SOURCE = process.env.CLIENTELE_PERF_DB;
const WORDS = ['张三', '王芳', '李明朗', '曾', '1380013', '0013', '+86 138', 'gmail', 'VIP', 'Anna', '批发', 'user12', 'zs', 'lml', 'zhangsan', 'wangfang'];

function pct(sorted, p) {
  return sorted[Math.round((sorted.length - 1) * p)];
}

appTest(
  'keystroke to quick search results on screen',
  { lang: LANG_ZH, screen: 'today', timeout: 900_000, setup: (tmp) => fs.copyFileSync(SOURCE, tmp.dbPath) },
  async (app) => {
    assert.ok(SOURCE, 'set CLIENTELE_PERF_DB to a demo database (the bench makes one)');
    await app.byTestId('today-screen', { timeout: 120_000 });
    // The app loads the search index in the background after the first paint; let it.
    await app.driver.sleep(5_000);
    await app.driver.actions().keyDown(Key.CONTROL).sendKeys('k').keyUp(Key.CONTROL).perform();
    const input = await app.byTestId('quick-search-input');
    let typed = 0;
    for (const word of WORDS) {
      await app.driver.executeScript('window.__clienteleQuickSearchMs = []');
      await input.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
      await app.driver.executeScript('window.__clienteleQuickSearchMs = []');
      for (const ch of [...word]) {
        await input.sendKeys(ch);
        typed += 1;
        // One keystroke at a time, each answered before the next, as the bench does.
        await app.driver.wait(async () => (await app.driver.executeScript('return (window.__clienteleQuickSearchMs || []).length')) >= 1, 30_000);
        const [ms] = await app.driver.executeScript('const v = window.__clienteleQuickSearchMs; window.__clienteleQuickSearchMs = []; return v');
        timings.push({ q: word, ms });
      }
    }
    console.log(`each keystroke: ${timings.map((t) => `${t.q}:${Math.round(t.ms)}`).join(' ')}`);
    const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
    const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(
      `keystroke to results on screen (${typed} keystrokes): median ${pct(sorted, 0.5).toFixed(1)} ms, ` +
        `p95 ${pct(sorted, 0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; slowest: a prefix of ${JSON.stringify(slowest.q)}`,
    );
  },
);

const timings = [];
