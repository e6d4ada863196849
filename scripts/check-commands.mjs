// A Tauri command must be listed in three places: registered in
// src-tauri/src/main.rs, declared in src-tauri/build.rs (which generates its
// `allow-` permission) and granted in tauri.conf.json's capability. A command
// missing from one fails only at run time, in the window; this catches it at
// `make lint`. Also checks ui/src/api/index.ts calls no unknown command.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');

const registered = new Set([...read('src-tauri/src/main.rs').matchAll(/commands::\w+::(\w+),/g)].map((m) => m[1]));
const buildRs = read('src-tauri/build.rs');
const declared = new Set([...buildRs.slice(buildRs.indexOf('COMMANDS')).matchAll(/"(\w+)"/g)].map((m) => m[1]));
const conf = JSON.parse(read('tauri.conf.json'));
const granted = new Set(
  conf.app.security.capabilities
    .flatMap((c) => c.permissions)
    .filter((p) => typeof p === 'string' && p.startsWith('allow-'))
    .map((p) => p.slice('allow-'.length).replaceAll('-', '_')),
);
const called = new Set([...read('ui/src/api/index.ts').matchAll(/call<[^>]*>\('(\w+)'/g)].map((m) => m[1]));

let problems = 0;
const check = (set, name, others) => {
  for (const c of set) {
    for (const [otherName, other] of others) {
      if (!other.has(c)) {
        console.error(`command ${c}: in ${name} but not in ${otherName}`);
        problems += 1;
      }
    }
  }
};
const all = [
  ['main.rs', registered],
  ['build.rs', declared],
  ['tauri.conf.json', granted],
];
for (const [name, set] of all) check(set, name, all.filter(([n]) => n !== name));
check(called, 'ui/src/api/index.ts', [['main.rs', registered]]);
if (problems > 0) process.exit(1);
console.log(`commands: ${registered.size} registered, declared and granted`);
