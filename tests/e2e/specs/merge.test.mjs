// The same person typed twice: Find duplicates shows the pair with why, the
// side-by-side merge keeps one, the other's visit moves to the kept one's
// timeline, and Undo brings both back as they were. Then "not the same
// person" takes the pair off the list, until its Undo.

import assert from 'node:assert/strict';
import { appTest, cli, listCustomers, seedCustomer, LANG_ZH } from '../helpers.mjs';

const VISIT = '合并前的到店记录';

appTest(
  'find duplicates, merge two customers, undo the merge',
  {
    lang: LANG_ZH,
    setup(tmp) {
      seedCustomer(tmp, { name: '张三', phones: ['13800138000'], tags: ['VIP'] });
      const other = seedCustomer(tmp, {
        name: '张三（新）',
        phones: ['+86 138-0013-8000', '021-62345678'],
        email: 'zhang@example.com',
        tags: ['批发'],
      });
      seedCustomer(tmp, { name: '李四', phones: ['13900139000'] });
      cli(tmp, 'interaction', 'add', '--customer', String(other), '--kind', 'visit', '--summary', VISIT);
    },
  },
  async (app, tmp) => {
    await app.waitCount(3);
    await app.click('duplicates-button');
    await app.byTestId('duplicates-screen');
    await app.waitRows(1, 'duplicate-group');
    const evidence = await app.text('duplicate-evidence');
    assert.match(evidence, /同一电话/);
    assert.match(evidence, /13800138000/);
    assert.ok(!(await app.text('duplicate-group')).includes('李四'), 'only the pair is a group');
    await app.screenshot('merge-1-duplicates');

    // The side-by-side merge: one column each, the older one kept.
    await app.click('duplicate-merge');
    await app.byTestId('merge-screen');
    await app.waitRows(2, 'merge-column');
    assert.match(await app.text('merge-phones'), /13800138000 · 021-62345678/);
    await app.screenshot('merge-2-preview');
    await app.click('merge-confirm');

    // On the kept customer: the merged one's phone, email, tags and visit.
    await app.byTestId('customer-detail');
    assert.equal(await app.text('detail-name'), '张三');
    assert.equal(await app.text('detail-email'), 'zhang@example.com');
    await app.driver.wait(async () => (await app.rowTexts('timeline-item')).some((t) => t.includes(VISIT)), 10_000, 'the visit moved');
    await app.waitToastWith(/已把 1 位客户合并到“张三”/);
    await app.screenshot('merge-3-merged');
    let live = listCustomers(tmp);
    assert.deepEqual(live.map((c) => c.name), ['张三', '李四']);
    assert.deepEqual(listCustomers(tmp, { trash: true }), [], 'a merged customer is not in the trash');

    // Undo from the toast: both back, the visit with its own customer again.
    await app.click('toast-undo');
    await app.waitToastWith(/已撤销合并/);
    await app.driver.wait(async () => !(await app.rowTexts('timeline-item')).some((t) => t.includes(VISIT)), 10_000, 'the visit went back');
    await app.driver.wait(async () => (await app.text('detail-email').catch(() => '')) !== 'zhang@example.com', 10_000, 'the kept one as before');
    live = listCustomers(tmp);
    assert.deepEqual(live.map((c) => c.name).sort(), ['张三', '张三（新）', '李四'].sort());
    const other = live.find((c) => c.name === '张三（新）');
    assert.match(cli(tmp, 'interaction', 'list', '--customer', String(other.id)), new RegExp(VISIT));

    // The duplicates screen lists the merge as undone, and the pair again.
    await app.click('nav-customers');
    await app.click('duplicates-button');
    await app.waitRows(1, 'duplicate-group');
    await app.byTestId('recent-merge');
    assert.match(await app.text('recent-merge'), /已于 .* 撤销/);
    await app.screenshot('merge-4-after-undo');

    // They are two people after all: the group goes, and Undo brings it back.
    await app.click('duplicate-not-same');
    await app.waitToastWith(/已将 2 位客户标记为不同的人/);
    await app.byTestId('duplicates-empty');
    await app.screenshot('merge-5-not-the-same');
    assert.match(cli(tmp, 'duplicates'), /^0 group/, 'the CLI agrees: no group');
    await app.click('toast-undo');
    await app.waitRows(1, 'duplicate-group');
  },
);
