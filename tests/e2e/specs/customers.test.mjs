// A shop owner's day with the customer book: add, find, open, edit, trash, restore.

import assert from 'node:assert/strict';
import { appTest, listCustomers, seedCustomer, LANG_ZH } from '../helpers.mjs';

const ZHANG = {
  name: '张三丰',
  phone: '+86 138 0013 8000',
  email: 'zhang.sanfeng@wudang.example',
  tag: 'VIP',
};
const LI = { name: '李四', phone: '139 2222 3333', email: 'lisi@example.com' };

/** Fills the open customer form and saves it. */
async function fillAndSave(app, { name, phone, email, tag, company }) {
  await app.byTestId('customer-form');
  await app.type('field-name', name);
  if (phone) await app.type('field-phone-0', phone);
  if (email) await app.type('field-email', email);
  if (company) await app.type('field-company', company);
  if (tag) await addTag(app, tag);
  await app.click('save-button');
}

/** Types a tag the way the tag box expects: the text then a comma. */
async function addTag(app, tag) {
  const el = await app.byTestId('field-tags');
  await el.click();
  await el.sendKeys(`${tag},`);
}

/** After a delete: some UIs ask first (confirm-ok), some offer undo in a toast. */
async function confirmIfAsked(app) {
  const asked = await app.driver
    .wait(async () => (await app.allByTestId('confirm-ok')).length > 0, 2_000)
    .catch(() => false);
  if (asked) await app.click('confirm-ok');
}

async function showList(app) {
  if ((await app.allByTestId('customer-count')).length === 0 || !(await (await app.byTestId('customer-count', { visible: false })).isDisplayed())) {
    if (await app.exists('back-button')) await app.click('back-button');
    else await app.click('nav-customers');
  }
  await app.byTestId('customer-count');
}

appTest('add, find, open, edit, trash and restore a customer', { lang: LANG_ZH }, async (app, tmp) => {
  // An empty book: no rows, the count says 0, the empty state invites to add.
  await app.waitCount(0);
  await app.byTestId('empty-state');
  assert.equal((await app.allByTestId('customer-row')).length, 0, 'no rows on an empty database');

  // Add 张三丰 through the form; the detail page shows exactly what was typed.
  await app.click('new-customer-button');
  await fillAndSave(app, ZHANG);
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), ZHANG.name);
  assert.equal(await app.text('detail-phones'), ZHANG.phone);
  assert.equal(await app.text('detail-email'), ZHANG.email);
  assert.equal(await app.text('detail-tags'), ZHANG.tag);
  const stored = listCustomers(tmp);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].name, ZHANG.name);
  assert.deepEqual(stored[0].phones, [ZHANG.phone]);
  assert.equal(stored[0].email, ZHANG.email);
  assert.deepEqual(stored[0].tags, [ZHANG.tag]);

  // Back to the list; it has the new customer.
  await app.click('back-button');
  await app.waitCount(1);
  await app.rowWith(ZHANG.name);

  // A second customer.
  await app.click('new-customer-button');
  await fillAndSave(app, LI);
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), LI.name);
  await app.click('back-button');
  await app.waitCount(2);
  await app.waitRows(2);

  // Find 张三丰 by part of the name.
  await app.type('search-input', '三丰');
  let rows = await app.waitRows(1);
  assert.ok((await app.elText(rows[0])).includes(ZHANG.name));
  await app.waitCount(1);

  // And by part of the phone number.
  await app.type('search-input', '0013');
  rows = await app.waitRows(1);
  assert.ok((await app.elText(rows[0])).includes(ZHANG.name));

  // Clearing the search shows everyone again.
  await app.type('search-input', '');
  await app.waitRows(2);

  // Open the row: the detail page.
  const zhangId = stored[0].id;
  const row = await app.rowWith(ZHANG.name);
  assert.equal(Number(await row.getAttribute('data-id')), zhangId, 'customer-row data-id is the customer id');
  await row.click();
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), ZHANG.name);

  // Edit: change the company; the form comes back filled in.
  await app.click('edit-button');
  await app.byTestId('customer-form');
  assert.equal(await app.value('field-name'), ZHANG.name, 'the edit form is filled with the name');
  assert.equal(await app.value('field-phone-0'), ZHANG.phone, 'the edit form is filled with the phone');
  await app.type('field-company', '武当派');
  await app.click('save-button');
  await app.byTestId('customer-detail');
  await app.driver.wait(async () => (await app.text('detail-company')) === '武当派', 10_000, 'detail shows the new company');
  assert.equal(await app.text('detail-name'), ZHANG.name);
  assert.equal(listCustomers(tmp).find((c) => c.id === zhangId).company, '武当派');

  // Move to trash: gone from the list.
  await app.click('delete-button');
  await confirmIfAsked(app);
  await showList(app);
  await app.waitCount(1);
  await app.waitRows(1);
  assert.ok(!(await app.rowTexts()).some((t) => t.includes(ZHANG.name)), '张三丰 is no longer listed');
  assert.equal(listCustomers(tmp, { trash: true }).length, 1);

  // The trash has them; restore brings them back.
  await app.click('nav-trash');
  await app.byTestId('trash-screen');
  const trashed = await app.rowWith(ZHANG.name, 'trash-row');
  assert.equal(Number(await trashed.getAttribute('data-id')), zhangId);
  const restoreInRow = await trashed.findElements({ css: '[data-testid="restore-button"]' });
  if (restoreInRow.length) await restoreInRow[0].click();
  else await app.click('restore-button');
  await app.waitRows(0, 'trash-row');

  await app.click('nav-customers');
  await app.waitCount(2);
  await app.rowWith(ZHANG.name);
  assert.equal(listCustomers(tmp).length, 2);
  assert.equal(listCustomers(tmp, { trash: true }).length, 0);
});

appTest('adding someone whose phone is already known asks first', { lang: LANG_ZH, setup: (tmp) => seedCustomer(tmp, { name: '张三', phones: ['+86 138-0013-8000'] }) }, async (app, tmp) => {
  await app.waitCount(1);
  await app.click('new-customer-button');
  await fillAndSave(app, { name: '张先生', phone: '138 0013 8000' });
  await app.byTestId('confirm-dialog');
  assert.match(await app.text('confirm-dialog'), /张三 已使用 \+86 138-0013-8000/);
  await app.click('confirm-cancel');
  // Back on the form, nothing saved.
  await app.byTestId('customer-form');
  assert.equal(listCustomers(tmp).length, 1);

  await app.click('save-button');
  await app.click('confirm-ok');
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), '张先生');
  assert.equal(listCustomers(tmp).length, 2);
});
