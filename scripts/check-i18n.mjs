// Both UI languages must have every string: compares the key sets of
// ui/src/i18n/zh-CN.json and en.json (plural forms folded: zh-CN has only
// `_other`, English `_one` and `_other`). Exits 1 and lists what is missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ui', 'src', 'i18n');

function keys(obj, prefix = '', out = new Set()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') keys(v, key, out);
    else out.add(key.replace(/_(zero|one|two|few|many|other)$/, ''));
  }
  return out;
}

const tables = Object.fromEntries(
  ['zh-CN', 'en'].map((l) => [l, keys(JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8')))]),
);
let missing = 0;
for (const [a, b] of [
  ['zh-CN', 'en'],
  ['en', 'zh-CN'],
]) {
  for (const k of tables[a]) {
    if (!tables[b].has(k)) {
      console.error(`${b}.json lacks ${k} (present in ${a}.json)`);
      missing += 1;
    }
  }
}
if (missing > 0) process.exit(1);
console.log(`i18n: ${tables.en.size} strings in both languages`);
