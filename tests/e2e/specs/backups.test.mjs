// Backups in Settings: the daily backup made at start is listed; "Back up
// now" writes a file; after a change, restoring that file (confirmed in the
// app) brings the old data back, and the data it replaced is kept as a
// pre-restore backup that can be restored in turn. A file that is not a
// Clientele database is refused with the reason, changing nothing.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { appTest, By, listCustomers, seedCustomer, LANG_EN, LANG_ZH } from '../helpers.mjs';

// The save and open dialogs of both tests "choose" these files (the
// environment is set before the test's temp folder exists).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clientele-e2e-backup-file-'));
const BACKUP_FILE = path.join(scratch, '我的备份.db');
const TEXT_FILE = path.join(scratch, 'notes.db');
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function seedTwo(tmp) {
  seedCustomer(tmp, { name: '张三', phones: ['138 0013 8000'] });
  seedCustomer(tmp, { name: '李四', phones: ['139 0000 0002'] });
}

async function openSettings(app) {
  await app.click('nav-settings');
  await app.byTestId('backups');
}

/** Confirms the in-app dialog, checking it says the current data is backed up first. */
async function confirmRestore(app, says) {
  const dialog = await app.byTestId('confirm-dialog');
  const text = await app.elText(dialog);
  assert.match(text, says, `the confirmation says the data is backed up first: ${text}`);
  await app.click('confirm-ok');
  await app.waitGone('confirm-dialog');
}

async function showCustomers(app, count) {
  await app.click('nav-customers');
  await app.waitCount(count);
}

async function addCustomer(app, name) {
  await app.click('new-customer-button');
  await app.byTestId('customer-form');
  await app.type('field-name', name);
  await app.click('save-button');
  await app.byTestId('customer-detail');
}

appTest(
  'back up now, change, restore that file, then undo with the pre-restore backup',
  { lang: LANG_ZH, setup: seedTwo, env: { CLIENTELE_EXPORT_PATH: BACKUP_FILE, CLIENTELE_OPEN_PATH: BACKUP_FILE } },
  async (app, tmp) => {
    await app.waitCount(2);

    // The daily backup was made in the background after the window opened.
    await openSettings(app);
    const daily = await app.rowWith('每日自动备份', 'backup-row');
    assert.match(await app.elText(daily), /2 位/);
    assert.equal(fs.readdirSync(path.join(tmp.dir, 'backups')).length, 1);
    await app.screenshot('settings-backups');

    await app.click('backup-now');
    const saved = await app.waitToastWith(/已备份到/);
    assert.ok(saved.includes(BACKUP_FILE), saved);
    const chosenBytes = fs.readFileSync(BACKUP_FILE);

    await showCustomers(app, 2);
    await addCustomer(app, '王五');
    await showCustomers(app, 3);

    await openSettings(app);
    await app.click('restore-from-file');
    await confirmRestore(app, /先自动备份当前数据/);
    await app.waitToastWith(/已恢复，现有 2 位客户/);
    assert.deepEqual(fs.readFileSync(BACKUP_FILE), chosenBytes, 'the chosen file was not changed');

    // The list shows the old data again.
    await showCustomers(app, 2);
    await app.rowWith('张三');
    await app.rowWith('李四');
    assert.ok(!(await app.rowTexts()).some((t) => t.includes('王五')), '王五 is gone');
    assert.deepEqual(listCustomers(tmp).map((c) => c.name).sort(), ['张三', '李四'].sort());

    // What the restore replaced is listed; restoring it brings 王五 back.
    await openSettings(app);
    const pre = await app.rowWith('恢复前', 'backup-row');
    assert.match(await app.elText(pre), /3 位/);
    await (await pre.findElement(By.css('[data-testid="backup-restore"]'))).click();
    await confirmRestore(app, /先自动备份当前数据/);
    await app.waitToastWith(/已恢复，现有 3 位客户/);
    await showCustomers(app, 3);
    await app.rowWith('王五');
  },
);

appTest(
  'a file that is not a Clientele database is refused, and nothing changes',
  { lang: LANG_EN, setup: seedTwo, env: { CLIENTELE_OPEN_PATH: TEXT_FILE } },
  async (app, tmp) => {
    fs.writeFileSync(TEXT_FILE, 'name,phone\n张三,13800138000\n'.repeat(50));
    const before = fs.readFileSync(TEXT_FILE);
    await app.waitCount(2);
    await openSettings(app);
    await app.rowWith('Daily', 'backup-row');
    await app.click('restore-from-file');
    await confirmRestore(app, /backed up first/);
    await app.waitToastWith(/The chosen file is damaged or not a database.*not changed/);
    assert.deepEqual(fs.readFileSync(TEXT_FILE), before);
    assert.equal((await app.allByTestId('backup-row')).length, 1, 'no pre-restore backup was made');
    await showCustomers(app, 2);
    assert.equal(listCustomers(tmp).length, 2);
  },
);
