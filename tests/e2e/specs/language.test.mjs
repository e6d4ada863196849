// The UI language follows the OS until the user picks one, and the pick is kept.

import assert from 'node:assert/strict';
import { appTest, LANG_EN, LANG_ZH } from '../helpers.mjs';

async function chooseLanguage(app, value) {
  await app.click('nav-settings');
  await app.byTestId('settings-screen');
  await app.select('language-select', value);
}

async function waitNavText(app, want) {
  let got = '';
  await app.driver
    .wait(async () => (got = await app.text('nav-customers')) === want, 10_000)
    .catch(() => {});
  assert.equal(got, want, `nav-customers reads "${want}"`);
}

appTest('an English OS gets an English UI; switching to Chinese is remembered', { lang: LANG_EN }, async (app) => {
  await waitNavText(app, 'Customers');
  await chooseLanguage(app, 'zh-CN');
  await waitNavText(app, '客户');
  assert.equal(await app.value('language-select'), 'zh-CN');

  // A new start, same database and same HOME, still an English OS.
  app = await app.restart();
  await waitNavText(app, '客户');
  await app.click('nav-settings');
  assert.equal(await app.value('language-select'), 'zh-CN');
});

appTest('a Chinese OS gets a Chinese UI; switching to English is remembered', { lang: LANG_ZH }, async (app) => {
  await waitNavText(app, '客户');
  await chooseLanguage(app, 'en');
  await waitNavText(app, 'Customers');
  app = await app.restart();
  await waitNavText(app, 'Customers');
});
