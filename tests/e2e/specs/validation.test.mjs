// The form refuses what it cannot store, says why next to the field, and
// shows what it does store exactly as typed.

import assert from 'node:assert/strict';
import { appTest, listCustomers, LANG_ZH } from '../helpers.mjs';

/** Waits for `error-<field>` to be shown with some text; returns the text. */
async function fieldError(app, field) {
  const el = await app.byTestId(`error-${field}`);
  let text = '';
  await app.driver.wait(async () => (text = await app.elText(el)).length > 0, 5_000).catch(() => {});
  assert.ok(text.length > 0, `error-${field} has a message`);
  return text;
}

async function openNewForm(app) {
  await app.byTestId('customer-count');
  await app.click('new-customer-button');
  await app.byTestId('customer-form');
}

async function assertNothingSaved(app, tmp) {
  // The form stays open and the database stays empty.
  assert.ok(await (await app.byTestId('customer-form')).isDisplayed(), 'the form stays open');
  assert.equal((await app.allByTestId('customer-detail')).length, 0, 'no detail page opened');
  assert.deepEqual(listCustomers(tmp), [], 'nothing was saved');
}

appTest('saving without a name shows the error next to the name', { lang: LANG_ZH }, async (app, tmp) => {
  await openNewForm(app);
  await app.type('field-phone-0', '138 0013 8000');
  await app.click('save-button');
  const msg = await fieldError(app, 'name');
  assert.ok(msg.length > 0);
  await assertNothingSaved(app, tmp);

  // Typing a name and saving again works, and the error goes away.
  await app.type('field-name', '有名字了');
  await app.click('save-button');
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), '有名字了');
  assert.equal(listCustomers(tmp).length, 1);
});

appTest('a malformed email is refused', { lang: LANG_ZH }, async (app, tmp) => {
  await openNewForm(app);
  await app.type('field-name', '王五');
  await app.type('field-email', 'wangwu@@example');
  await app.click('save-button');
  await fieldError(app, 'email');
  assert.equal(await app.isShown('error-name'), false, 'no error on the name');
  await assertNothingSaved(app, tmp);
});

appTest('an impossible birthday (2024-02-30) is refused', { lang: LANG_ZH }, async (app, tmp) => {
  await openNewForm(app);
  await app.type('field-name', '赵六');
  await app.type('field-birthday', '2024-02-30');
  await app.click('save-button');
  await fieldError(app, 'birthday');
  await assertNothingSaved(app, tmp);
});

appTest('a name with HTML, quotes, a formula and an emoji is stored and shown as text', { lang: LANG_ZH }, async (app, tmp) => {
  const name = '<b>"Bob"</b> =1+1 🍎';
  await openNewForm(app);
  await app.type('field-name', name);
  assert.equal(await app.value('field-name'), name, 'the field holds exactly what was typed');
  await app.click('save-button');
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), name);

  const bolds = await app.driver.executeScript(
    `return [...document.querySelectorAll('b')].filter(b => b.textContent.includes('Bob')).length`,
  );
  assert.equal(bolds, 0, 'no <b> element was made from the name');
  const nameEl = await app.byTestId('detail-name');
  assert.equal(await app.driver.executeScript('return arguments[0].querySelectorAll("*").length', nameEl), 0, 'detail-name holds only text');

  const stored = listCustomers(tmp);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].name, name);

  // The list shows it as text too.
  await app.click('back-button');
  const row = await app.rowWith('"Bob"');
  assert.ok((await app.elText(row)).includes(name));
});
