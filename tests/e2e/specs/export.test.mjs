// "Export to Excel" writes what the list shows, safely: formulas stay text,
// phones keep their leading zeros, headers follow the UI language.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { appTest, seedCustomer, LANG_ZH, LANG_EN } from '../helpers.mjs';

const FORMULA = { name: '=1+1', phones: ['0138 0000 0001'], company: '星光贸易', tags: ['批发'] };
const LI = { name: '李四', phones: ['139 0000 0002'], company: '星光贸易' };
const WANG = { name: '王五', phones: ['137 0000 0003'], company: '月亮公司' };

function seedThree(tmp) {
  for (const c of [FORMULA, LI, WANG]) seedCustomer(tmp, c);
}

async function waitFile(app, file) {
  await app.driver.wait(async () => fs.existsSync(file) && fs.statSync(file).size > 0, 20_000, `${file} was not written`);
}

/** The first sheet as rows of cells (1-based like Excel, index 0 unused). */
async function readSheet(file) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  assert.ok(ws, 'the workbook has a sheet');
  const rows = [];
  ws.eachRow({ includeEmpty: false }, (row) => rows.push(row));
  return { ws, rows };
}

function headerIndex(headerRow, title) {
  let found = -1;
  headerRow.eachCell((cell, col) => {
    if (String(cell.value).trim() === title) found = col;
  });
  assert.ok(found > 0, `a "${title}" column in the header`);
  return found;
}

appTest('export the filtered list (Chinese UI)', { lang: LANG_ZH, setup: seedThree }, async (app, tmp) => {
  await app.waitCount(3);
  await app.type('search-input', '星光');
  await app.waitRows(2);
  await app.waitCount(2);

  await app.click('export-button');
  const toast = await app.waitToast();
  assert.ok(toast.length > 0, 'the toast says something');
  await waitFile(app, tmp.exportPath);

  const { rows } = await readSheet(tmp.exportPath);
  const header = rows[0];
  const nameCol = headerIndex(header, '姓名');
  const phoneCol = headerIndex(header, '电话');
  headerIndex(header, '公司');

  const body = rows.slice(1);
  const names = body.map((r) => r.getCell(nameCol).value).sort();
  assert.deepEqual(names, [FORMULA.name, LI.name].sort(), 'only the filtered customers are exported');

  const formulaRow = body.find((r) => r.getCell(nameCol).value === FORMULA.name);
  const nameCell = formulaRow.getCell(nameCol);
  assert.equal(nameCell.type, ExcelJS.ValueType.String, '=1+1 is a string cell');
  assert.equal(nameCell.formula, undefined, '=1+1 is not a formula');
  const phoneCell = formulaRow.getCell(phoneCol);
  assert.equal(phoneCell.type, ExcelJS.ValueType.String, 'the phone is a string cell');
  assert.equal(phoneCell.value, FORMULA.phones[0], 'the phone keeps its leading 0');
});

appTest('export headers follow an English UI', { lang: LANG_EN, setup: seedThree }, async (app, tmp) => {
  await app.waitCount(3);
  await app.click('export-button');
  await app.waitToast();
  await waitFile(app, tmp.exportPath);
  const { rows } = await readSheet(tmp.exportPath);
  headerIndex(rows[0], 'Name');
  headerIndex(rows[0], 'Phones');
  assert.equal(rows.length, 4, 'a header and the three customers');
});
