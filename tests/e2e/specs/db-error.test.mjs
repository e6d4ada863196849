// A file that is not a Clientele database: the window says so and the file
// is left exactly as it was.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appTest, LANG_ZH } from '../helpers.mjs';

const GARBAGE = Buffer.from('this is not a database\n'.repeat(500));
const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

appTest(
  'a garbage database file shows the error screen and is not touched',
  { lang: LANG_ZH, setup: (tmp) => fs.writeFileSync(tmp.dbPath, GARBAGE) },
  async (app, tmp) => {
    const screen = await app.byTestId('db-error-screen');
    const text = await app.elText(screen);
    assert.ok(text.trim().length > 0, 'the error screen explains');
    assert.ok(text.includes(path.basename(tmp.dbPath)), `the error screen names the file; it says:\n${text}`);
    assert.equal(await app.isShown('customer-row'), false);

    await app.close();
    const after = fs.readFileSync(tmp.dbPath);
    assert.equal(after.length, GARBAGE.length, 'same size after the app closed');
    assert.equal(sha(after), sha(GARBAGE), 'same bytes after the app closed');
    for (const side of ['-wal', '-shm', '-journal']) {
      const p = tmp.dbPath + side;
      if (fs.existsSync(p)) assert.equal(fs.statSync(p).size, 0, `${path.basename(p)} holds nothing`);
    }
  },
);
