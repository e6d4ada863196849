// Logging contacts with a customer: the quick log form, the timeline, delete
// with Undo, and the list row's total spend.

import assert from 'node:assert/strict';
import { appTest, Key, LANG_ZH, seedCustomer } from '../helpers.mjs';

const NAME = '王小明';

/** The texts of the timeline items, top (newest) first. */
async function timelineTexts(app) {
  return app.rowTexts('timeline-item');
}

/** Waits until the timeline holds `n` items; returns them. */
async function waitItems(app, n) {
  return app.waitRows(n, 'timeline-item');
}

appTest('log interactions on the detail page, delete and undo, total spend in the list', { lang: LANG_ZH, setup: (tmp) => {
  seedCustomer(tmp, { name: NAME, phones: ['138 0013 8000'] });
} }, async (app) => {
  // Open the customer.
  const row = await app.rowWith(NAME);
  assert.ok((await app.elText(row)).includes('从未联系'), 'a new customer was never contacted');
  await row.click();
  await app.byTestId('customer-detail');
  await app.byTestId('timeline');
  await app.byTestId('timeline-empty');
  assert.equal((await app.allByTestId('timeline-item')).length, 0);

  // `L` (outside a field) jumps to the summary.
  await app.driver.executeScript('document.activeElement && document.activeElement.blur()');
  await app.driver.actions().sendKeys('l').perform();
  await app.driver.wait(
    async () => (await app.driver.executeScript('return document.activeElement && document.activeElement.dataset.testid')) === 'log-summary',
    5_000,
    'L focuses the summary',
  );
  assert.equal(await app.value('log-summary'), '', 'the L is not typed into the summary');

  // A call is the default kind; Enter in the summary logs it.
  assert.equal(await (await app.byTestId('log-kind-call')).getAttribute('aria-checked'), 'true', 'call is the default kind');
  const summary = await app.type('log-summary', '没人接');
  await summary.sendKeys(Key.ENTER);
  let items = await waitItems(app, 1);
  assert.equal(await items[0].getAttribute('data-kind'), 'call');
  assert.ok((await app.elText(items[0])).includes('没人接'), 'the call shows its summary');
  assert.ok((await app.elText(items[0])).includes('电话'), 'the call shows its kind');
  assert.ok((await app.waitToast()).includes('已记录'));
  assert.equal(await app.value('log-summary'), '', 'the summary is cleared after logging');

  // A purchase with an amount and items: shown as money, at the top.
  await app.click('log-kind-purchase');
  await app.byTestId('log-amount');
  await app.type('log-summary', '买了茶叶');
  await app.type('log-amount', '128.5');
  await app.type('log-items', '龙井 2 盒');
  await app.click('log-submit');
  items = await waitItems(app, 2);
  assert.equal(await items[0].getAttribute('data-kind'), 'purchase', 'the newest item is on top');
  const purchaseText = await app.elText(items[0]);
  assert.ok(purchaseText.includes('¥128.50'), `the purchase shows ¥128.50: ${purchaseText}`);
  assert.ok(purchaseText.includes('龙井 2 盒'), 'the purchase shows its items');
  assert.equal(await app.value('log-amount'), '', 'the amount is cleared after logging');
  assert.equal(await (await app.byTestId('log-kind-purchase')).getAttribute('aria-checked'), 'true', 'the kind is kept');

  // A negative amount is refused next to the field; nothing is added.
  await app.type('log-amount', '-3');
  await app.click('log-submit');
  const err = await app.text('log-error-amount');
  assert.ok(err.length > 0, 'the amount error says something');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await app.allByTestId('timeline-item')).length, 2, 'a refused purchase adds nothing');

  // Delete the call: gone; Undo brings it back.
  items = await app.allByTestId('timeline-item');
  const call = items[1];
  const callId = await call.getAttribute('data-id');
  const del = await call.findElements({ css: '[data-testid="timeline-delete"]' });
  await del[0].click();
  await waitItems(app, 1);
  assert.ok(!(await timelineTexts(app)).some((t) => t.includes('没人接')), 'the call is gone');
  await app.click('toast-undo');
  items = await waitItems(app, 2);
  assert.equal(await items[1].getAttribute('data-id'), callId, 'Undo brings the call back');

  // Edit the purchase: the form fills with it; saving changes it in place.
  items = await app.allByTestId('timeline-item');
  await (await items[0].findElements({ css: '[data-testid="timeline-edit"]' }))[0].click();
  await app.driver.wait(async () => (await app.value('log-amount')) === '128.50', 5_000, 'the form holds the purchase');
  assert.equal(await app.value('log-summary'), '买了茶叶');
  await app.type('log-amount', '135');
  await app.click('log-submit');
  await app.driver.wait(async () => (await timelineTexts(app))[0]?.includes('¥135.00'), 10_000, 'the edited amount shows');
  assert.equal((await app.allByTestId('timeline-item')).length, 2, 'an edit adds nothing');
  assert.equal(await app.value('log-summary'), '', 'the form is empty again');

  // The list row shows the total spend.
  await app.click('back-button');
  await app.byTestId('customer-count');
  const listed = await app.rowWith('¥135.00');
  assert.ok((await app.elText(listed)).includes(NAME));
  assert.ok((await app.elText(listed)).includes('上次联系'), 'the row shows the last contact');

  // From the list, L on a row opens the customer ready to log.
  const search = await app.byTestId('search-input');
  await search.sendKeys(Key.ARROW_DOWN);
  await app.driver.actions().sendKeys('l').perform();
  await app.byTestId('customer-detail');
  await app.driver.wait(
    async () => (await app.driver.executeScript('return document.activeElement && document.activeElement.dataset.testid')) === 'log-summary',
    10_000,
    'L on a list row focuses the log summary',
  );
});
