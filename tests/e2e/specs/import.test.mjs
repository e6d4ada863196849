// Importing a messy Excel sheet through the real window: the header found
// below the title, the columns guessed, row errors and duplicates shown with
// their row numbers, a column remapped, the import written, then undone.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appTest, listCustomers, LANG_ZH } from '../helpers.mjs';

const MESSY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/import/messy.xlsx');

async function waitText(app, id, pattern) {
  let last = '';
  await app.driver.wait(
    async () => {
      last = await app.text(id).catch(() => '');
      return pattern.test(last);
    },
    20_000,
    `[data-testid="${id}"] never matched ${pattern}; last: ${last}`,
  );
  return last;
}

appTest('import a messy Excel file, then undo it (Chinese UI)', { lang: LANG_ZH, env: { CLIENTELE_OPEN_PATH: MESSY } }, async (app, tmp) => {
  await app.click('empty-import-button');
  await app.click('import-choose');
  await app.byTestId('import-mapping');

  assert.equal(await app.text('import-file'), 'messy.xlsx');
  assert.equal(await app.value('import-header-row'), '3', 'the title rows above are passed over');
  assert.equal(await app.value('map-A'), 'skip', '序号 is not imported');
  assert.equal(await app.value('map-B'), 'name');
  assert.equal(await app.value('map-C'), 'phones');
  assert.equal(await app.value('map-H'), 'notes');
  const mapping = await app.text('import-mapping');
  assert.match(mapping, /13800138000/, 'a phone stored as a number reads without .0');
  assert.doesNotMatch(mapping, /E\+10\b.*E\+10/s);

  await waitText(app, 'import-stat-add', /^5/);
  await waitText(app, 'import-stat-failed', /^2/);
  const problems = await app.text('import-problems');
  assert.match(problems, /第 9 行：姓名不能为空/);
  assert.match(problems, /第 10 行：.*1\.38E\+10/);
  assert.match(await app.text('import-duplicates'), /第 8 行：赵六 与第 4 行（张三）的 13800138000 相同/);
  assert.match(mapping, /1990-01-01/, 'a serial number in the birthday column shows as its date');
  await app.screenshot('import-preview');

  // Updating instead of skipping: 赵六 fills in the customer of row 4.
  await app.click('on-duplicate-update');
  await waitText(app, 'import-stat-update', /^1/);
  await waitText(app, 'import-stat-skip', /^0/);
  await app.click('on-duplicate-skip');
  await waitText(app, 'import-stat-skip', /^1/);

  // The notes column is not wanted.
  await app.select('map-H', 'skip');
  await app.driver.wait(async () => (await app.value('map-H')) === 'skip', 5_000);

  await app.click('import-run');
  await waitText(app, 'import-report', /新增 5 位/);
  assert.match(await app.text('import-backup'), /导入前的数据已备份在 .*clientele-pre-import-\d{8}-\d{6}\.db/);
  await app.screenshot('import-report');
  const imported = listCustomers(tmp);
  assert.equal(imported.length, 5);
  const zhang = imported.find((c) => c.name === '张三');
  assert.ok(zhang, '张三 was imported');
  assert.deepEqual(zhang.phones, ['13800138000']);
  assert.deepEqual(zhang.tags, ['VIP']);
  assert.equal(zhang.notes, '', 'the skipped column was not imported');
  assert.ok(imported.some((c) => c.name === '=1+1'), 'a formula-like name is kept as text');

  await app.click('import-show-customers');
  await app.waitCount(5);

  // Undo, later, from the import history.
  await app.click('import-button');
  await app.click('import-undo');
  await app.click('confirm-ok');
  await app.waitToastWith(/已撤销导入：删除 5 位/);
  assert.equal(listCustomers(tmp).length, 0);
  await waitText(app, 'import-history', /已于 .* 撤销/);
});

// Named .xlsx, but not one: what a renamed or damaged file looks like.
const NOT_A_SHEET = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clientele-e2e-import-')), '客户.xlsx');
fs.writeFileSync(NOT_A_SHEET, 'plain text');

appTest('a file that is not a spreadsheet gets a clear message', { lang: LANG_ZH, env: { CLIENTELE_OPEN_PATH: NOT_A_SHEET } }, async (app) => {
  await app.click('empty-import-button');
  await app.click('import-choose');
  await waitText(app, 'import-file-error', /无法把这个文件当作表格或 CSV 读取/);
});
