// A million customers in the list: the window draws the right rows at the
// top, the middle and the very end, although the list is taller than a
// browser box can be (~33.5 million px; a million 60 px rows is 60 million).
// A manual check on a big demo file, not part of the suite (it needs one):
//
//   CLIENTELE_PERF_DB=/tmp/bench-1m.db CLIENTELE_APP=... CLIENTELE_CLI=... \
//     tests/e2e/run.sh perf/million-rows.test.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { appTest, Key, LANG_ZH } from '../helpers.mjs';

const SOURCE = process.env.CLIENTELE_PERF_DB;

/** The rows drawn inside the list's visible box: their indexes, and whether any is a placeholder. */
const VISIBLE = `
  const list = document.querySelector('[data-testid="customer-list"]');
  const box = list.getBoundingClientRect();
  const shown = [...list.querySelectorAll('[data-index]')].filter((r) => {
    const b = r.getBoundingClientRect();
    return b.bottom > box.top + 1 && b.top < box.bottom - 1;
  });
  return { total: list.querySelectorAll('[data-index]').length, indexes: shown.map((r) => Number(r.dataset.index)), loading: shown.some((r) => r.dataset.testid !== 'customer-row'),
           rows: shown.map((r) => Math.round(r.getBoundingClientRect().top - box.top)) };`;

appTest(
  'a million customers: the top, the middle and the end of the list',
  { lang: LANG_ZH, timeout: 600_000, setup: (tmp) => fs.copyFileSync(SOURCE, tmp.dbPath) },
  async (app) => {
    assert.ok(SOURCE, 'set CLIENTELE_PERF_DB to a demo database with many customers');
    await app.byTestId('customer-count', { timeout: 120_000 });
    const count = Number((await app.text('customer-count')).replace(/\D/g, ''));
    console.log(`# count shown: ${count}`);
    assert.ok(count > 600_000, 'a list taller than a browser box can be');
    const read = async () => app.driver.executeScript(VISIBLE);
    const settled = async (check) => {
      let v;
      await app.driver.wait(async () => {
        v = await read();
        return !v.loading && check(v);
      }, 30_000).catch(() => {});
      return v;
    };

    const top = await settled((v) => v.indexes[0] === 0);
    console.log(`# top: ${JSON.stringify(top)}`);
    assert.equal(top.indexes[0], 0);

    // The middle, as dragging the scroll bar there would.
    await app.driver.executeScript(`const l = document.querySelector('[data-testid="customer-list"]'); l.scrollTop = (l.scrollHeight - l.clientHeight) / 2;`);
    const mid = await settled((v) => v.indexes.length > 0);
    console.log(`# middle: ${JSON.stringify(mid)}`);
    const centre = mid.indexes[Math.floor(mid.indexes.length / 2)];
    assert.ok(Math.abs(centre - count / 2) < count / 100, `the middle of the bar shows the middle rows (${centre} of ${count})`);
    // Consecutive rows, one under the other, with no gap or overlap.
    for (let i = 1; i < mid.indexes.length; i++) {
      assert.equal(mid.indexes[i], mid.indexes[i - 1] + 1);
      assert.equal(mid.rows[i] - mid.rows[i - 1], 60);
    }

    // The very end, by keyboard: a row, then End.
    await app.driver.executeScript(`document.querySelector('[data-testid="customer-row"][data-index="${centre}"]').focus()`);
    assert.equal(Number(await app.driver.executeScript('return document.activeElement?.getAttribute("aria-posinset")')), centre + 1);
    await app.driver.actions().sendKeys(Key.END).perform();
    const end = await settled((v) => v.indexes.at(-1) === count - 1);
    console.log(`# end: ${JSON.stringify(end)}`);
    assert.equal(end.indexes.at(-1), count - 1, 'End shows the last customer');
    const focused = await app.driver.executeScript('return document.activeElement?.getAttribute("aria-posinset")');
    assert.equal(Number(focused), count, 'and focuses it');
    // PageUp from there moves up a page, still drawn.
    await app.driver.actions().sendKeys(Key.PAGE_UP).perform();
    const up = await settled((v) => v.indexes.length > 0);
    const focusedUp = Number(await app.driver.executeScript('return document.activeElement?.getAttribute("aria-posinset")'));
    console.log(`# page up: focused ${focusedUp}, ${JSON.stringify(up)}`);
    assert.ok(focusedUp < count && focusedUp > count - 20);
    assert.ok(up.indexes.includes(focusedUp - 1), 'the focused row is in view');
  },
);
