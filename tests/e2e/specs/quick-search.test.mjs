// Quick search (Ctrl/Cmd+K): from any screen a palette finds a customer by
// pinyin initials and opens their page; Esc gives the focus back; the mouse
// and "show all in the list" work too.

import assert from 'node:assert/strict';
import { appTest, seedCustomer, Key, LANG_ZH, LANG_EN } from '../helpers.mjs';

function seed(tmp) {
  seedCustomer(tmp, { name: '张三丰', phones: ['13912345678'], tags: ['VIP'] });
  seedCustomer(tmp, { name: '张三', phones: ['+86 138 0013 8000'], company: '鲜果坊', tags: ['VIP', '老客户'] });
  seedCustomer(tmp, { name: '李明朗', phones: ['021-5555-1234'] });
  seedCustomer(tmp, { name: 'Anna Müller', email: 'anna@example.com' });
}

async function ctrlK(app) {
  await app.driver.actions().keyDown(Key.CONTROL).sendKeys('k').keyUp(Key.CONTROL).perform();
}

/** The names listed, read in one go: the palette redraws as each keystroke's answer comes, which would leave element references stale. */
async function resultNames(app) {
  return app.driver.executeScript(`return [...document.querySelectorAll('[data-testid="quick-search-name"]')].map((e) => e.textContent.trim())`);
}

appTest('Ctrl+K from Today, type zs, Enter: 张三 opens', { lang: LANG_ZH, screen: 'today', setup: seed }, async (app) => {
  await app.byTestId('today-screen');
  await ctrlK(app);
  const input = await app.byTestId('quick-search-input');
  assert.equal(await app.driver.executeScript('return document.activeElement === arguments[0]', input), true, 'the field has the focus');
  await input.sendKeys('zs');
  // 张三 (initials exactly zs) ranks before 张三丰 (zsf starts with zs).
  await app.driver.wait(async () => (await resultNames(app)).length === 2, 10_000);
  assert.deepEqual(await resultNames(app), ['张三', '张三丰']);
  assert.match(await app.text('quick-search-all'), /2/);
  await app.screenshot('quick-search-zs');
  await input.sendKeys(Key.ENTER);
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), '张三');
  await app.waitGone('quick-search');

  // Esc closes and gives the focus back to what had it.
  const back = await app.byTestId('back-button');
  await app.driver.executeScript('arguments[0].focus()', back);
  await ctrlK(app);
  await (await app.byTestId('quick-search-input')).sendKeys('lml');
  await app.driver.wait(async () => (await resultNames(app)).length === 1, 10_000);
  await (await app.byTestId('quick-search-input')).sendKeys(Key.ESCAPE);
  await app.waitGone('quick-search');
  assert.equal(await app.driver.executeScript('return document.activeElement === arguments[0]', back), true, 'the focus is back');
  assert.equal(await app.text('detail-name'), '张三', 'still on the same page');

  // ↓ then Enter opens the second match; a phone finds too.
  await ctrlK(app);
  const field = await app.byTestId('quick-search-input');
  await field.sendKeys('138');
  await app.driver.wait(async () => (await resultNames(app)).length === 1, 10_000);
  await app.type(field, 'zhang');
  await app.driver.wait(async () => (await resultNames(app)).length === 2, 10_000);
  await field.sendKeys(Key.ARROW_DOWN, Key.ENTER);
  await app.driver.wait(async () => (await app.text('detail-name')) === '张三丰', 10_000);
});

appTest('quick search with the mouse, and every match in the list', { lang: LANG_EN, setup: seed }, async (app) => {
  await app.waitCount(4);
  await app.click('quick-search-open');
  const input = await app.byTestId('quick-search-input');
  await input.sendKeys('anna');
  await app.driver.wait(async () => (await resultNames(app)).length === 1, 10_000);
  await app.screenshot('quick-search-en');
  (await app.allByTestId('quick-search-result'))[0].click();
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), 'Anna Müller');

  // Nothing found says so; "show all" carries the search to the list.
  await ctrlK(app);
  await (await app.byTestId('quick-search-input')).sendKeys('nobody-here');
  await app.byTestId('quick-search-empty');
  await app.type('quick-search-input', 'vip');
  await app.driver.wait(async () => (await resultNames(app)).length === 2, 10_000);
  await app.click('quick-search-all');
  await app.waitGone('quick-search');
  await app.waitCount(2);
  assert.equal(await app.value('search-input'), 'vip');
});
