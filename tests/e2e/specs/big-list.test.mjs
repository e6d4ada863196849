// Ten thousand customers: the count, scrolling to the very end, Home and End, narrowing by search.

import assert from 'node:assert/strict';
import { appTest, Key, listCustomers, seedDemo, LANG_ZH } from '../helpers.mjs';

const N = 10_000;

/** The element that scrolls the customer rows (customer-list, else the rows' scrolling ancestor). */
const SCROLLER = `
  const list = document.querySelector('[data-testid="customer-list"]');
  if (list && list.scrollHeight > list.clientHeight) return list;
  const row = document.querySelector('[data-testid="customer-row"]');
  let el = row && row.parentElement;
  while (el && el !== document.body) {
    const s = getComputedStyle(el);
    if (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight) return el;
    el = el.parentElement;
  }
  return document.scrollingElement;`;

/** The CLI's arguments for the order the list is shown in. */
async function cliOrder(app) {
  const sort = (await app.exists('sort-select')) ? await app.value('sort-select') : 'name';
  const dirEl = (await app.allByTestId('sort-dir'))[0];
  let desc = false;
  if (dirEl) {
    const v = await app.driver.executeScript(
      `const e = arguments[0]; return e.dataset.dir || e.value || e.getAttribute('aria-label') || e.title || e.textContent`,
      dirEl,
    );
    desc = /desc|降/i.test(String(v));
  }
  const args = ['--sort', ['name', 'created', 'updated'].includes(sort) ? sort : 'name'];
  if (desc) args.push('--desc');
  return args;
}

appTest(
  '10,000 customers: count, scroll to the end, search',
  { lang: LANG_ZH, setup: (tmp) => seedDemo(tmp, N, 1), timeout: 300_000 },
  async (app, tmp) => {
    const countText = await app.waitCount(N, 60_000);
    assert.match(countText.replace(/[\s,\u202f]/g, ''), /10000/);

    // Far fewer rows in the page than customers: the list is windowed or paged.
    await app.byTestId('customer-row');
    const first = await app.allByTestId('customer-row');
    assert.ok(first.length > 0, 'rows are shown');
    assert.ok(first.length < N, `not all ${N} rows are in the page (${first.length})`);

    // The list's order, from the CLI.
    const all = listCustomers(tmp, { extra: await cliOrder(app) });
    assert.equal(all.length, N);
    const lastId = String(all[all.length - 1].id);
    const lastName = all[all.length - 1].name;
    const before = await app.driver.findElements({ css: `[data-testid="customer-row"][data-id="${lastId}"]` });
    assert.equal(before.length, 0, 'the last customer is not drawn before scrolling');
    // The keyboard goes to either end; the far page loads first.
    const focusedId = () => app.driver.executeScript('return document.activeElement?.dataset?.id ?? null');
    await app.driver.executeScript('arguments[0].focus()', first[0]);
    await app.driver.actions().sendKeys(Key.END).perform();
    await app.driver.wait(async () => (await focusedId()) === lastId, 20_000).catch(() => {});
    assert.equal(await focusedId(), lastId, 'End focuses the last customer');
    await app.screenshot('big-list-end');
    await app.driver.actions().sendKeys(Key.HOME).perform();
    await app.driver.wait(async () => (await focusedId()) === String(all[0].id), 20_000).catch(() => {});
    assert.equal(await focusedId(), String(all[0].id), 'Home focuses the first customer');

    // Scroll to the bottom, as a user dragging the scrollbar would, until the
    // last customer in the list order is shown.
    let ids = [];
    await app.driver
      .wait(async () => {
        await app.driver.executeScript(`const el = (() => {${SCROLLER}})(); el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll'));`);
        const rows = await app.allByTestId('customer-row');
        ids = [];
        for (const r of rows) {
          try {
            ids.push(await r.getAttribute('data-id'));
          } catch {}
        }
        return ids.includes(lastId);
      }, 60_000)
      .catch(() => {});
    assert.ok(ids.includes(lastId), `the last customer (${lastName}, id ${lastId}) is shown after scrolling to the bottom; shown ids end with ${ids.slice(-5)}`);
    const lastRow = await app.driver.findElement({ css: `[data-testid="customer-row"][data-id="${lastId}"]` });
    assert.ok(await lastRow.isDisplayed(), 'the last row is visible');
    assert.ok((await app.elText(lastRow)).includes(lastName), 'the last row shows its name');

    // Search narrows the count.
    const target = all[Math.floor(N / 2)];
    await app.type('search-input', target.name);
    let shown = [];
    await app.driver
      .wait(async () => {
        shown = await app.countNumbers();
        return shown.length > 0 && !shown.includes(N);
      }, 20_000)
      .catch(() => {});
    const expected = listCustomers(tmp, { extra: ['--search', target.name] }).length;
    assert.ok(expected >= 1 && expected < N);
    await app.waitCount(expected);
    await app.rowWith(target.name);
    await app.screenshot('big-list-search');
  },
);
