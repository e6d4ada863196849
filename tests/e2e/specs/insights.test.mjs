// Know your customers (issue 5): a survey recorded through the dialog on the
// customer page (a field error first), the Insights figures matching what
// was entered, a one-click follow-up for a drifting customer, the follow-up
// survey of a resolved complaint, refunds on a purchase, and a chart title
// that follows the language.

import assert from 'node:assert/strict';
import fs from 'node:fs';

import ExcelJS from 'exceljs';

import { appTest, cli, LANG_ZH, seedCustomer } from '../helpers.mjs';

const DRIFTER = '林晓燕';
const REGULAR = '王建国';

/** Local `YYYY-MM-DD 12:00`, `days` ago: the CLI's --at. */
function daysAgo(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} 12:00`;
}

function seed(tmp) {
  // Every 10 days, then nothing for 80: well past their own rhythm (drifting).
  const drifter = seedCustomer(tmp, { name: DRIFTER, phones: ['138 0000 1111'] });
  for (const [days, amount] of [[100, '100'], [90, '200'], [80, '300']]) {
    cli(tmp, 'interaction', 'add', '--customer', String(drifter), '--kind', 'purchase', '--at', daysAgo(days), '--amount', amount, '--items', '水果');
  }
  const regular = seedCustomer(tmp, { name: REGULAR });
  cli(tmp, 'interaction', 'add', '--customer', String(regular), '--kind', 'purchase', '--amount', '400');
  // A complaint of the regular's, resolved: it waits for its follow-up survey. (Resolving
  // it plans a follow-up reminder too, so the regular, not the drifter, has it.)
  const complaint = cli(tmp, 'complaint', 'add', '--customer', String(regular), '--category', 'productQuality', '--description', '苹果有坏的', '--at', daysAgo(85)).trim();
  cli(tmp, 'complaint', 'move', complaint, '--to', 'inProgress');
  cli(tmp, 'complaint', 'move', complaint, '--to', 'resolved', '--remedy', 'replacement');
}

async function openCustomer(app, name) {
  await app.click('nav-customers');
  await (await app.rowWith(name)).click();
  await app.byTestId('customer-detail');
}

async function waitText(app, id, pattern) {
  let got = '';
  await app.driver
    .wait(async () => pattern.test((got = await app.text(id).catch(() => ''))), 15_000)
    .catch(() => {});
  assert.match(got, pattern, `[data-testid="${id}"]`);
  return got;
}

appTest('a survey entered on the customer page shows in Insights, and a drifting customer gets a follow-up in one click', { lang: LANG_ZH, setup: seed }, async (app, tmp) => {
  await openCustomer(app, REGULAR);
  await app.byTestId('satisfaction-empty');
  assert.match(await app.text('loyalty-total'), /400\.00/);

  // The dialog: keys rate a row and move on (5 = 非常满意, then 2 = 不满意).
  await app.click('record-survey');
  await app.byTestId('survey-dialog');
  const rows = await app.waitRows(6, 'survey-row');
  // The first row's scale has the focus once the dimensions are in.
  const focused = () => app.driver.switchTo().activeElement().getAttribute('data-testid').catch(() => null);
  await app.driver.wait(async () => (await focused()) === 'survey-level-5', 10_000, 'the first rating row never took the focus');
  await app.driver.switchTo().activeElement().sendKeys('5');
  await app.driver.switchTo().activeElement().sendKeys('2');
  const checked = async (row) => (await row.findElements({ css: '[aria-checked="true"]' }))[0]?.getAttribute('data-testid');
  assert.equal(await checked(rows[0]), 'survey-level-5');
  assert.equal(await checked(rows[1]), 'survey-level-2');
  assert.equal((await rows[2].findElements({ css: '[aria-checked="true"]' })).length, 0, 'the third dimension stays unrated');

  // b without a is refused next to the field; with a, C = b / a shows as it is typed.
  await app.type('survey-perceived', '8');
  await app.click('survey-save');
  assert.match(await app.text('survey-error-expected'), /期望分 a/);
  await app.type('survey-expected', '10');
  await waitText(app, 'survey-live-index', /C = 0\.8[\s\S]*不满意/);
  await app.type('survey-comment', '价格有点贵');
  await app.click('survey-save');
  await app.waitGone('survey-dialog');
  await app.waitToastWith(/已记录调查/);
  await app.waitRows(2, 'latest-rating');
  assert.match(await app.text('latest-index'), /0\.8/);

  // Insights (last 12 months): 1 of 2 ratings satisfied, ¥1,000 from 2 buyers, 1 of them repeat.
  await app.click('nav-insights');
  await app.byTestId('insights-screen');
  assert.equal(await (await app.byTestId('period-year')).getAttribute('aria-checked'), 'true');
  await waitText(app, 'kpi-satisfaction-value', /^50%$/);
  assert.match(await app.text('kpi-revenue-value'), /1,000\.00/);
  assert.match(await app.text('kpi-repeat-value'), /^50%$/);
  assert.match(await app.text('kpi-index-value'), /0\.8/);
  assert.match(await app.text('kpi-index-meaning'), /不满意/);
  const top = await app.rowTexts('top-row');
  assert.match(top[0], new RegExp(`${DRIFTER}.*600\\.00.*60%`, 's'));

  // The drifter, with one click, gets a follow-up due today that Today lists.
  const row = await app.rowWith(DRIFTER, 'drifting-row');
  assert.match(await app.elText(row), /80 天没来/);
  await (await row.findElement({ css: '[data-testid="drifting-plan"]' })).click();
  await app.waitToastWith(new RegExp(`${DRIFTER}`));
  await waitText(app, 'drifting-planned', /已安排/);
  await app.click('nav-today');
  const item = await app.rowWith(DRIFTER, 'reminder-item');
  assert.match(await app.elText(item), /80 天没来买了/);

  // The resolved complaint waits for its follow-up survey; the dialog opens linked to it.
  await app.click('nav-insights');
  const waiting = await app.rowWith(REGULAR, 'awaiting-row');
  await (await waiting.findElement({ css: '[data-testid="awaiting-survey"]' })).click();
  await app.byTestId('survey-dialog');
  assert.match(await app.value('survey-link'), /^c:\d+$/);
  const complaintRows = await app.waitRows(6, 'survey-row');
  await (await complaintRows[5].findElement({ css: '[data-testid="survey-level-4"]' })).click();
  await app.click('survey-save');
  await app.waitGone('survey-dialog');
  await app.byTestId('awaiting-empty');
  await waitText(app, 'kpi-satisfaction-value', /^66\.7%$/);

  // A chart's title follows the language.
  assert.equal(await app.text('chart-revenue-title'), '每月营业额');
  await app.click('nav-settings');
  await app.select('language-select', 'en');
  await app.click('nav-insights');
  await waitText(app, 'chart-revenue-title', /^Revenue by month$/);
  assert.equal(await (await app.byTestId('chart-revenue-canvas-box')).getAttribute('aria-label'), 'Revenue by month');
  assert.match(await app.text('kpi-revenue-value'), /1,000\.00/);

  // "Export to Excel" writes the same figures, with Excel's own charts.
  await app.click('insights-export');
  await app.waitToastWith(/sheets with charts/);
  await app.driver.wait(async () => fs.existsSync(tmp.exportPath) && fs.statSync(tmp.exportPath).size > 0, 20_000);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(tmp.exportPath);
  const names = wb.worksheets.map((w) => w.name);
  for (const sheet of ['Summary', 'By month', 'Satisfaction', 'Segments', 'Pareto', 'Drifting', 'RFM']) {
    assert.ok(names.includes(sheet), `sheet ${sheet} in ${names}`);
  }
  const summary = wb.getWorksheet('Summary');
  assert.equal(summary.getCell('B3').value, 1000, 'revenue in yuan');
  const drifting = wb.getWorksheet('Drifting');
  assert.equal(drifting.getCell('B2').value, DRIFTER);
});

appTest('a custom period with its start after its end is refused next to the dates', { lang: LANG_ZH, setup: seed }, async (app) => {
  await app.click('nav-insights');
  await app.byTestId('kpi-revenue');
  await app.click('period-custom');
  await app.type('period-from', '2026-05-01');
  await app.type('period-to', '2026-04-01');
  await app.click('period-apply');
  assert.match(await app.text('period-error-from'), /不能晚于结束日期/);
  await app.type('period-to', '2026-13-01');
  await app.click('period-apply');
  assert.match(await app.text('period-error-to'), /日期无效/);
});

appTest('a refund is taken off a purchase and shown on the timeline', { lang: LANG_ZH, setup: (tmp) => seedCustomer(tmp, { name: REGULAR }) }, async (app) => {
  await openCustomer(app, REGULAR);
  await app.click('log-kind-purchase');
  await app.type('log-summary', '买了一箱橙子');
  await app.type('log-amount', '120');
  await app.type('log-refund', '150');
  await app.click('log-submit');
  assert.match(await app.text('log-error-refund'), /不能超过消费金额/);
  await app.type('log-refund', '20');
  await app.click('log-submit');
  await app.waitRows(1, 'timeline-item');
  assert.match(await app.text('timeline-refunded'), /已退款.*20\.00/);
  await waitText(app, 'loyalty-total', /100\.00/);
});

appTest('survey dimensions are renamed, added and retired in Settings, and the survey dialog follows', { lang: LANG_ZH, setup: (tmp) => seedCustomer(tmp, { name: REGULAR }) }, async (app) => {
  await app.click('nav-settings');
  await app.waitRows(6, 'dimension-item');
  const first = (await app.allByTestId('dimension-item'))[0];
  assert.equal(await app.elText(await first.findElement({ css: '[data-testid="dimension-name"]' })), '产品质量');
  await (await first.findElement({ css: '[data-testid="dimension-rename"]' })).click();
  await app.type('dimension-name-input', '水果品质');
  await app.click('dimension-rename-save');
  await app.rowWith('水果品质', 'dimension-item');

  // The owner's own, once; a second one of the same name is refused next to the field.
  await app.type('dimension-new-input', '专业水平');
  await app.click('dimension-add');
  await app.waitRows(7, 'dimension-item');
  await app.type('dimension-new-input', '专业水平');
  await app.click('dimension-add');
  assert.match(await app.text('dimension-add-error'), /同名/);

  // Retire price: the dialog no longer asks it.
  const price = await app.rowWith('价格', 'dimension-item');
  await (await price.findElement({ css: '[data-testid="dimension-retire"]' })).click();
  await app.driver.wait(async () => /已停用/.test(await app.elText(await app.rowWith('价格', 'dimension-item'))), 10_000);

  await openCustomer(app, REGULAR);
  await app.click('record-survey');
  const rows = await app.rowTexts('survey-row').then(async (t) => (t.length === 6 ? t : (await app.waitRows(6, 'survey-row'), app.rowTexts('survey-row'))));
  assert.ok(rows[0].startsWith('水果品质'), rows[0]);
  assert.ok(rows.some((r) => r.startsWith('专业水平')));
  assert.ok(!rows.some((r) => r.startsWith('价格')));
  await app.click('survey-cancel');
  await app.waitGone('survey-dialog');
});
