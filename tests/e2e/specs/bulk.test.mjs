// Changing many customers at once: tick rows (or all matching a search), add
// a tag or move them to the trash, and take it back with Undo in the toast.

import assert from 'node:assert/strict';
import { appTest, Key, listCustomers, seedCustomer, LANG_EN, LANG_ZH } from '../helpers.mjs';

const PEOPLE = [
  { name: '王芳', tags: ['VIP'] },
  { name: '王小明', tags: [] },
  { name: '王五', tags: [] },
  { name: '李四', tags: [] },
  { name: '张三', tags: ['老客户'] },
];

function seed(tmp) {
  for (const p of PEOPLE) seedCustomer(tmp, p);
}

function tagsByName(tmp) {
  return Object.fromEntries(listCustomers(tmp).map((c) => [c.name, c.tags]));
}

async function waitSelected(app, pattern) {
  let text = '';
  await app.driver.wait(
    async () => {
      text = (await app.exists('selected-count')) ? await app.text('selected-count') : '';
      return pattern.test(text);
    },
    20_000,
    `selected count never matched ${pattern} (last: "${text}")`,
  );
}

appTest('search, select all matching, add a tag, then Undo from the toast', { lang: LANG_ZH, setup: seed }, async (app, tmp) => {
  await app.waitCount(5);
  await app.type('search-input', '王');
  await app.waitRows(3);
  await app.waitCount(3);

  // Tick one, then take all three that match.
  const rows = await app.allByTestId('row-check');
  await rows[0].click();
  await waitSelected(app, /已选 1 个/);
  assert.equal(await app.isShown('customer-detail'), false, 'ticking does not open the customer');
  await app.click('select-all-matching');
  await waitSelected(app, /已选 3 个/);

  // The dialog asks for a tag; without one it says so, in Chinese.
  await app.click('bulk-add-tags');
  await app.byTestId('bulk-dialog');
  await app.click('bulk-dialog-ok');
  assert.match(await app.text('bulk-dialog-error'), /请至少输入一个标签/);
  const box = await app.byTestId('field-tags');
  await box.sendKeys('春节回访,');
  await app.click('bulk-dialog-ok');
  await app.waitGone('bulk-dialog');
  await app.waitToastWith(/已为 3 位客户添加标签/);

  // Each row shows the tag; the database has it for exactly those three.
  for (const name of ['王芳', '王小明', '王五']) assert.match(await app.elText(await app.rowWith(name)), /春节回访/);
  let tags = tagsByName(tmp);
  assert.deepEqual(tags['王芳'], ['VIP', '春节回访']);
  assert.deepEqual(tags['王五'], ['春节回访']);
  assert.deepEqual(tags['李四'], [], 'not matched, not changed');
  assert.equal(await app.exists('selected-count'), false, 'the selection is cleared after the change');

  // A search finds them by the new tag.
  await app.type('search-input', '春节回访');
  await app.waitCount(3);

  // Undo from the toast: the tag is gone everywhere.
  await app.click('toast-undo');
  await app.waitToastWith(/已撤销/);
  await app.waitCount(0);
  tags = tagsByName(tmp);
  assert.deepEqual(tags['王芳'], ['VIP']);
  assert.deepEqual(tags['王五'], []);
  await app.type('search-input', '王');
  await app.waitRows(3);
  for (const text of await app.rowTexts()) assert.doesNotMatch(text, /春节回访/);
});

appTest('shift-click a range, move it to the trash, and undo', { lang: LANG_EN, setup: seed }, async (app, tmp) => {
  await app.waitCount(5);
  await app.waitRows(5);
  // Name order: 张三, 李四, 王五, 王小明, 王芳.
  const checks = await app.allByTestId('row-check');
  await checks[1].click();
  await app.driver.actions().keyDown(Key.SHIFT).click(checks[3]).keyUp(Key.SHIFT).perform();
  await waitSelected(app, /^3 selected$/);

  // Ctrl-click on a row ticks it too (instead of opening it), and again unticks.
  const rows = await app.allByTestId('customer-row');
  await app.driver.actions().keyDown(Key.CONTROL).click(rows[0]).keyUp(Key.CONTROL).perform();
  await waitSelected(app, /^4 selected$/);
  await app.driver.actions().keyDown(Key.CONTROL).click(rows[0]).keyUp(Key.CONTROL).perform();
  await waitSelected(app, /^3 selected$/);
  assert.equal(await app.isShown('customer-detail'), false);

  await app.click('bulk-trash');
  await app.byTestId('confirm-dialog');
  assert.match(await app.text('confirm-dialog'), /Move 3 customers to the trash\?/);
  await app.click('confirm-ok');
  await app.waitToastWith(/Moved 3 customers to the trash/);
  await app.waitCount(2);
  assert.deepEqual(listCustomers(tmp).map((c) => c.name).sort(), ['张三', '王芳'].sort());
  assert.equal(listCustomers(tmp, { trash: true }).length, 3);

  await app.click('toast-undo');
  await app.waitToastWith(/Undone: 3 customers are as before/);
  await app.waitCount(5);
  assert.equal(listCustomers(tmp).length, 5);
  assert.equal(listCustomers(tmp, { trash: true }).length, 0);

  // Esc clears a selection.
  const again = await app.allByTestId('row-check');
  await again[2].click();
  await waitSelected(app, /^1 selected$/);
  await app.driver.actions().sendKeys(Key.ESCAPE).perform();
  await app.driver.wait(async () => !(await app.exists('selected-count')), 10_000, 'Esc did not clear the selection');
});
