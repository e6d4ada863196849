// The customer's story past the first contact: a reminder set on the detail
// page and completed from the Today screen (logging the call in the same
// step), and a complaint taken from open to closed, refused where the
// workflow needs a remedy or a summary.

import assert from 'node:assert/strict';
import fs from 'node:fs';

import ExcelJS from 'exceljs';
import { appTest, cli, LANG_ZH, seedCustomer } from '../helpers.mjs';

const NAME = '陈美玲';

/** Today's local date, as the app's date fields take it. */
function todayYmd() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function openCustomer(app, name) {
  await app.click('nav-customers');
  const row = await app.rowWith(name);
  await row.click();
  await app.byTestId('customer-detail');
}

appTest('a reminder set on the customer is completed from Today with the call logged', { lang: LANG_ZH, screen: 'today', setup: (tmp) => {
  seedCustomer(tmp, { name: NAME, phones: ['139 1234 5678'] });
} }, async (app) => {
  await app.byTestId('today-screen');
  await app.byTestId('today-reminders-empty');

  // Set a reminder for today on the customer's page; a date in the past is refused.
  await openCustomer(app, NAME);
  await app.click('reminder-add');
  await app.type('reminder-due-input', '2020-01-01');
  await app.type('reminder-note-input', '问问新到的龙井');
  await app.click('reminder-save');
  assert.match(await app.text('reminder-error-dueOn'), /不能早于今天/);
  await app.type('reminder-due-input', todayYmd());
  await app.click('reminder-save');
  await app.waitRows(1, 'reminder-item');
  assert.match(await app.text('reminder-due'), /今天到期/);

  // Today lists it, and the sidebar counts it.
  await app.click('nav-today');
  const item = (await app.waitRows(1, 'reminder-item'))[0];
  assert.ok((await app.elText(item)).includes(NAME));
  assert.ok((await app.elText(item)).includes('问问新到的龙井'));
  assert.equal(await app.text('today-count-badge'), '1');

  // Done, logging the call in the same step.
  await app.click('reminder-done');
  assert.equal(await (await app.byTestId('reminder-log-kind-call')).getAttribute('aria-checked'), 'true');
  await app.type('reminder-log-summary', '回访了，很满意');
  await app.click('reminder-log-confirm');
  await app.waitGone('reminder-item');
  await app.waitToastWith(/联系已记录/);
  await app.byTestId('today-reminders-empty');
  await app.waitGone('today-count-badge');
  const recent = await app.waitRows(1, 'recent-item');
  assert.ok((await app.elText(recent[0])).includes(NAME), 'recently contacted shows the customer');

  // The customer's timeline has the call and the reminder done.
  await openCustomer(app, NAME);
  const calls = await app.waitRows(1, 'timeline-item');
  assert.ok((await app.elText(calls[0])).includes('回访了，很满意'));
  assert.equal((await app.allByTestId('timeline-reminder')).length, 1);
  await app.byTestId('reminders-empty');
});

appTest('a complaint goes from open to closed, with the remedy and the summary it needs', { lang: LANG_ZH, setup: (tmp) => {
  seedCustomer(tmp, { name: NAME });
} }, async (app, tmp) => {
  await app.rowWith(NAME).then((row) => row.click());
  await app.byTestId('customer-detail');
  await app.click('record-complaint');
  await app.byTestId('complaint-form');

  // Saving an empty complaint says what is missing, next to the fields.
  await app.click('complaint-save');
  assert.match(await app.text('complaint-error-category'), /类别/);
  assert.match(await app.text('complaint-error-description'), /投诉内容/);

  await app.select('complaint-category', 'delivery');
  await app.click('complaint-severity-high');
  await app.type('complaint-channel', '电话');
  await app.type('complaint-description', '送货晚了两个小时，菜都不新鲜了');
  await app.click('complaint-save');
  await app.byTestId('complaint-screen');
  assert.equal(await app.text('complaint-status'), '待处理');

  // Start handling, with a note.
  await app.click('move-inProgress');
  await app.type('move-note', '已打电话道歉');
  await app.click('move-submit');
  await app.driver.wait(async () => (await app.text('complaint-status')) === '处理中', 10_000, 'in progress');

  // Resolving without the remedy is refused, the message next to the field.
  await app.click('move-resolved');
  await app.click('move-submit');
  assert.match(await app.text('move-error-remedy'), /为客户做了什么/);
  await app.select('move-remedy', 'discount');
  await app.type('move-remedy-note', '下次 8 折');
  await app.click('move-submit');
  await app.driver.wait(async () => (await app.text('complaint-status')) === '已解决', 10_000, 'resolved');
  assert.match(await app.text('complaint-remedy'), /折扣/);

  // Closing needs the cause and what changes.
  await app.click('move-closed');
  await app.click('move-submit');
  assert.match(await app.text('move-error-causeSummary'), /原因/);
  await app.type('move-cause', '司机路线不熟；以后提前一天排线路');
  await app.click('move-submit');
  await app.driver.wait(async () => (await app.text('complaint-status')) === '已关闭', 10_000, 'closed');
  assert.equal((await app.allByTestId('complaint-step')).length, 4, 'recorded, in progress, resolved, closed');

  // The core agrees, and resolving scheduled the follow-up.
  const shown = JSON.parse(cli(tmp, 'complaint', 'show', '1', '--json'));
  assert.equal(shown.status, 'closed');
  assert.equal(shown.remedy, 'discount');
  await app.click('complaint-customer');
  await app.byTestId('customer-detail');
  const followUp = await app.waitRows(1, 'reminder-item');
  assert.match(await app.elText(followUp[0]), /投诉 #1 回访/);
  const story = await app.waitRows(1, 'timeline-complaint');
  assert.match(await app.elText(story[0]), /已关闭/);

  // The complaints list: finished ones are not in the default view, but are in "all".
  await app.click('nav-complaints');
  await app.byTestId('complaint-list-empty');
  await app.select('complaint-filter-status', 'all');
  const rows = await app.waitRows(1, 'complaint-row');
  assert.match(await app.elText(rows[0]), /送货晚了两个小时/);

  // Everything in one workbook, from Settings: the complaint with its thread.
  await app.click('nav-settings');
  await app.click('export-workbook');
  await app.waitToastWith(/1 个投诉/);
  assert.ok(fs.existsSync(tmp.exportPath));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(tmp.exportPath);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['客户', '联系记录', '投诉', '提醒']);
  const complaints = wb.getWorksheet('投诉');
  assert.equal(complaints.rowCount, 2, 'a header and the complaint');
  const cells = complaints.getRow(2).values.map((v) => String(v ?? ''));
  assert.ok(cells.some((v) => v.includes('送货晚了两个小时')), 'the description');
  assert.ok(cells.some((v) => v.includes('已打电话道歉')), 'the handling thread');
  assert.equal(wb.getWorksheet('提醒').rowCount, 2, 'the follow-up reminder');
});
