// Screenshots for the report only (not a test, not committed): the real app on demo data + surveys.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { cli, launchApp, makeTempDir } from './helpers.mjs';
const out = '/tmp/wti/real';
fs.mkdirSync(out, { recursive: true });
const tmp = makeTempDir('shots');
cli(tmp, 'demo', '--customers', '300', '--seed', '3');
execFileSync('python3', ['/tmp/wti/seed_surveys.py', tmp.dbPath, '300']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function shot(app, name) {
  await sleep(1200);
  execFileSync('import', ['-window', 'root', `${out}/${name}.png`]);
}
for (const [lang, tag] of [['zh_CN.UTF-8', 'zh'], ['en_US.UTF-8', 'en']]) {
  const app = await launchApp(tmp, { lang, screen: 'today' });
  try {
    await app.click('nav-insights');
    await app.byTestId('kpi-revenue');
    await shot(app, `insights-${tag}-1`);
    await app.driver.executeScript("document.querySelector('main .scroll').scrollTop = 1100");
    await shot(app, `insights-${tag}-2`);
    await app.driver.executeScript("document.querySelector('main .scroll').scrollTop = 2300");
    await shot(app, `insights-${tag}-3`);
    await app.driver.executeScript("document.querySelector('main .scroll').scrollTop = 3600");
    await shot(app, `insights-${tag}-4`);
    await app.driver.executeScript("document.querySelector('[data-testid=\"drifting-name\"]').click()");
    await app.byTestId('loyalty-card');
    await app.driver.executeScript("document.querySelector('[data-testid=\"loyalty-card\"]').scrollIntoView()");
    await shot(app, `customer-${tag}`);
    await app.click('record-survey');
    await app.waitRows(6, 'survey-row');
    await app.driver.switchTo().activeElement().sendKeys('4');
    await app.driver.switchTo().activeElement().sendKeys('2');
    await app.type('survey-perceived', '7');
    await app.click('survey-save');
    await app.byTestId('survey-error-expected');
    await shot(app, `dialog-${tag}`);
    await app.click('survey-cancel');
    await app.click('nav-settings');
    await app.byTestId('dimensions-setting');
    await app.driver.executeScript("document.querySelector('[data-testid=\"dimensions-setting\"]').scrollIntoView()");
    await shot(app, `settings-${tag}`);
  } finally {
    await app.close();
  }
}
console.log('done', tmp.dir);
