// 拼音码: a clerk types the first letters of a name's pinyin and finds the
// customer, in the real window.

import assert from 'node:assert/strict';
import { appTest, seedCustomer, LANG_ZH } from '../helpers.mjs';

function seed(tmp) {
  for (const name of ['张三', '李四', '曾小贤', '王五']) seedCustomer(tmp, { name });
}

appTest('typing zs finds 张三, who opens from the list', { lang: LANG_ZH, setup: seed }, async (app) => {
  await app.waitCount(4);
  await app.type('search-input', 'zs');
  const rows = await app.waitRows(1);
  assert.ok((await app.elText(rows[0])).includes('张三'), 'zs is 张三');
  await app.waitCount(1);
  await rows[0].click();
  await app.byTestId('customer-detail');
  assert.equal(await app.text('detail-name'), '张三');

  // A polyphonic surname by its other reading, and full pinyin with a space.
  await app.click('back-button');
  await app.type('search-input', 'ceng xiao');
  await app.rowWith('曾小贤');
  await app.waitRows(1);
});
