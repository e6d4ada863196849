// Shared helpers for Clientele's end-to-end tests.
//
// Each app launch gets its own tauri-driver (the app inherits tauri-driver's
// environment, so the environment is how a test chooses the database, the
// export path, the locale and a fresh HOME). `appTest` wraps a node:test test:
// a fresh temp folder, the app started in it, a screenshot into
// tests/e2e/artifacts/ when the test fails, and a clean shutdown.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Builder, By, Key, until } from 'selenium-webdriver';

export { By, Key, until };

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, 'artifacts');

/** How long to wait for the UI by default (debug builds under Xvfb are slow). */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 20_000);

export const LANG_ZH = 'zh_CN.UTF-8';
export const LANG_EN = 'en_US.UTF-8';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (see tests/e2e/run.sh)`);
  return v;
}

export function appBinary() {
  const p = path.resolve(required('CLIENTELE_APP'));
  if (!fs.existsSync(p)) throw new Error(`CLIENTELE_APP=${p} does not exist; build the app first`);
  return p;
}

export function cliBinary() {
  const p = path.resolve(required('CLIENTELE_CLI'));
  if (!fs.existsSync(p)) throw new Error(`CLIENTELE_CLI=${p} does not exist; build clientele-cli first`);
  return p;
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

function tauriDriverBinary() {
  const p = process.env.TAURI_DRIVER || which('tauri-driver') || path.join(os.homedir(), '.cargo/bin/tauri-driver');
  if (!fs.existsSync(p)) throw new Error('tauri-driver not found: run `make setup` (cargo install tauri-driver --locked)');
  return p;
}

function nativeDriverBinary() {
  return process.env.WEBKIT_WEBDRIVER || which('WebKitWebDriver') || '/usr/bin/WebKitWebDriver';
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Temp folders and the CLI

/** A fresh folder for one test: HOME, XDG folders, the database and the export. */
export function makeTempDir(label = 'test') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `clientele-e2e-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  for (const sub of ['home', 'data', 'config', 'cache']) fs.mkdirSync(path.join(dir, sub));
  return {
    dir,
    dbPath: path.join(dir, 'clientele.db'),
    exportPath: path.join(dir, 'export.xlsx'),
  };
}

/** Runs clientele-cli on the test's database; returns stdout. */
export function cli(tmp, ...args) {
  return execFileSync(cliBinary(), ['--db', tmp.dbPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOME: path.join(tmp.dir, 'home'), LANG: LANG_EN },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function seedDemo(tmp, customers, seed = 1) {
  return cli(tmp, 'demo', '--customers', String(customers), '--seed', String(seed));
}

/** Adds one customer with the CLI; returns the new id. */
export function seedCustomer(tmp, { name, phones = [], email, company, tags = [] }) {
  const args = ['customer', 'add', '--name', name];
  for (const p of phones) args.push('--phone', p);
  if (email) args.push('--email', email);
  if (company) args.push('--company', company);
  for (const t of tags) args.push('--tag', t);
  return Number(cli(tmp, ...args).trim());
}

/** All live (or trashed) customers as the CLI sees them. */
export function listCustomers(tmp, { trash = false, extra = [] } = {}) {
  const args = ['customer', 'list', '--json', ...extra];
  if (trash) args.push('--trash');
  return JSON.parse(cli(tmp, ...args));
}

// ---------------------------------------------------------------------------
// Starting and stopping the app

/**
 * Starts tauri-driver with the test's environment and opens a session on the
 * app. Returns an `App` with the Selenium driver.
 */
export async function launchApp(tmp, { lang = LANG_ZH, env = {}, waitReady = true, screen = 'customers' } = {}) {
  const application = appBinary();
  const tauriDriver = tauriDriverBinary();
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();

  const appEnv = {
    ...process.env,
    HOME: path.join(tmp.dir, 'home'),
    XDG_DATA_HOME: path.join(tmp.dir, 'data'),
    XDG_CONFIG_HOME: path.join(tmp.dir, 'config'),
    XDG_CACHE_HOME: path.join(tmp.dir, 'cache'),
    CLIENTELE_DB: tmp.dbPath,
    CLIENTELE_EXPORT_PATH: tmp.exportPath,
    LANG: lang,
    LANGUAGE: lang.split('.')[0],
    LC_ALL: lang,
    // Keeps WebKit from trying GPU paths that Xvfb does not have.
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    NO_AT_BRIDGE: '1',
    ...env,
  };

  const logPath = path.join(tmp.dir, `tauri-driver-${port}.log`);
  const log = fs.openSync(logPath, 'a');
  const args = ['--port', String(port), '--native-port', String(nativePort), '--native-driver', nativeDriverBinary()];
  // Its own process group, so that the driver, WebKitWebDriver and the app
  // all stop together when we kill the group.
  const child = spawn(tauriDriver, args, { env: appEnv, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`tauri-driver exited early; log:\n${readLog(logPath)}`);
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`tauri-driver did not listen on ${port}; log:\n${readLog(logPath)}`);
    }
    await sleep(100);
  }

  const capabilities = {
    browserName: 'wry',
    'tauri:options': { application },
  };
  let driver;
  try {
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}/`).withCapabilities(capabilities).build();
  } catch (e) {
    killGroup(child);
    throw new Error(`could not start a session on the app: ${e.message}\nlog:\n${readLog(logPath)}`);
  }
  const app = new App(tmp, driver, child, logPath, { lang, env, screen });
  if (waitReady) {
    try {
      await app.waitReady();
      // The app starts on Today; most tests are about the customer list.
      if (screen === 'customers' && (await app.exists('nav-customers'))) {
        await app.byTestId('today-screen');
        await app.click('nav-customers');
        await app.byTestId('search-input');
      }
    } catch (e) {
      await app.screenshot('launch-failed').catch(() => {});
      await app.close();
      throw e;
    }
  }
  return app;
}

function readLog(p) {
  try {
    return fs.readFileSync(p, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}

function killGroup(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

async function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([new Promise((r) => child.once('exit', () => r(true))), sleep(ms).then(() => false)]);
}

export class App {
  constructor(tmp, driver, child, logPath, opts) {
    this.tmp = tmp;
    this.driver = driver;
    this.child = child;
    this.logPath = logPath;
    this.opts = opts;
    this.closed = false;
  }

  /** Waits until the UI has drawn either its main screen or the database error screen. */
  async waitReady(timeout = 60_000) {
    await this.driver.wait(
      async () => {
        const found = await this.driver.findElements(
          By.css('[data-testid="nav-customers"], [data-testid="db-error-screen"]'),
        );
        return found.length > 0;
      },
      timeout,
      'the app did not show its main screen (nav-customers) or db-error-screen',
    );
  }

  /** Ends the session, stops tauri-driver and everything it started. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.race([this.driver.quit(), sleep(10_000)]);
    } catch {}
    killGroup(this.child, 'SIGTERM');
    if (!(await waitExit(this.child, 5_000))) {
      killGroup(this.child, 'SIGKILL');
      await waitExit(this.child, 5_000);
    }
    // WebKitWebDriver and the app are in the same group; give them a moment.
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(-this.child.pid, 0);
      } catch {
        break;
      }
      await sleep(100);
      if (i === 30) {
        try {
          process.kill(-this.child.pid, 'SIGKILL');
        } catch {}
      }
    }
  }

  /** Closes this app and starts it again on the same folder (same HOME, same DB). */
  async restart(overrides = {}) {
    await this.close();
    const next = await launchApp(this.tmp, { ...this.opts, ...overrides });
    next.onRestart = this.onRestart;
    this.onRestart?.(next);
    return next;
  }

  /**
   * Saves what the screen shows (and the page's HTML and the driver log) into
   * tests/e2e/artifacts/. WebKitWebDriver's own screenshot hangs on Tauri's
   * webview, so the picture is of the whole (virtual) display, by ImageMagick.
   */
  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const safe = name.replace(/[^a-z0-9\u4e00-\u9fff]+/gi, '-').slice(0, 100);
    const file = path.join(ARTIFACTS, `${safe}.png`);
    const imp = fs.existsSync('/usr/bin/import') ? '/usr/bin/import' : which('import');
    let saved = null;
    if (imp && process.env.DISPLAY) {
      try {
        execFileSync(imp, ['-window', 'root', file], { timeout: 15_000, stdio: 'ignore' });
        saved = file;
      } catch {}
    }
    try {
      const html = await Promise.race([this.driver.getPageSource(), sleep(5_000).then(() => null)]);
      if (html) fs.writeFileSync(path.join(ARTIFACTS, `${safe}.html`), html);
    } catch {}
    try {
      fs.copyFileSync(this.logPath, path.join(ARTIFACTS, `${safe}.tauri-driver.log`));
    } catch {}
    try {
      const errors = await Promise.race([
        this.driver.executeScript('return window.__clienteleErrors || []'),
        sleep(5_000).then(() => []),
      ]);
      if (errors.length > 0) fs.writeFileSync(path.join(ARTIFACTS, `${safe}.ui-errors.txt`), errors.join('\n\n'));
    } catch {}
    return saved;
  }

  // --- finding things ------------------------------------------------------

  /** The first element with this data-testid, waiting until it is there and shown. */
  async byTestId(id, { timeout = TIMEOUT, visible = true } = {}) {
    const el = await this.driver.wait(until.elementLocated(byTestId(id)), timeout, `no [data-testid="${id}"]`);
    if (visible) await this.driver.wait(until.elementIsVisible(el), timeout, `[data-testid="${id}"] is not visible`);
    return el;
  }

  /** All elements with this data-testid now (no waiting). */
  async allByTestId(id) {
    return this.driver.findElements(byTestId(id));
  }

  /** Whether some element with this data-testid is shown now (no waiting). */
  async isShown(id) {
    for (const el of await this.allByTestId(id)) {
      try {
        if (await el.isDisplayed()) return true;
      } catch {}
    }
    return false;
  }

  async exists(id) {
    return (await this.allByTestId(id)).length > 0;
  }

  /** Waits until no visible element has this data-testid. */
  async waitGone(id, timeout = TIMEOUT) {
    await this.driver.wait(
      async () => {
        for (const el of await this.allByTestId(id)) {
          try {
            if (await el.isDisplayed()) return false;
          } catch {}
        }
        return true;
      },
      timeout,
      `[data-testid="${id}"] did not go away`,
    );
  }

  async click(id) {
    const el = await this.byTestId(id);
    await this.driver.wait(until.elementIsEnabled(el), TIMEOUT, `[data-testid="${id}"] stays disabled`);
    // As a person would: bring it to the middle of the window first, so a
    // toast in the bottom corner never sits over what is clicked.
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
    await el.click();
    return el;
  }

  async text(id) {
    return this.elText(await this.byTestId(id));
  }

  /**
   * An element's shown text: its innerText (which follows CSS: hidden parts
   * are left out, line breaks kept). WebKitWebDriver's getText leaves out the
   * text of ellipsis cells and chips (overflow: hidden) even though it is
   * drawn, so it is only the fallback.
   */
  async elText(el) {
    const inner = await this.driver.executeScript('return arguments[0].innerText', el);
    if (typeof inner === 'string') return inner.trim();
    return (await el.getText()).trim();
  }

  /** The value of an input, textarea or select. */
  async value(id) {
    return this.driver.executeScript('return arguments[0].value', await this.byTestId(id));
  }

  // --- typing --------------------------------------------------------------

  /**
   * Types into a field as a user would (clear, then keystrokes). WebDriver
   * cannot type every character on every platform (CJK, emoji); if the field
   * does not end up holding exactly `text`, the value is set the way an IME
   * commits it: the value plus an `input` event.
   */
  async type(idOrEl, text, { clear = true } = {}) {
    const el = typeof idOrEl === 'string' ? await this.byTestId(idOrEl) : idOrEl;
    if (clear) await this.clear(el);
    try {
      await el.sendKeys(text);
    } catch {}
    const got = await this.driver.executeScript('return arguments[0].value', el);
    const want = clear ? text : null;
    if (want !== null && got !== want) await this.setValue(el, text);
    return el;
  }

  /**
   * Empties a field as a user does (select all, Backspace), so the UI gets
   * its `input` event. WebDriver's own clear() does not send one in WebKit.
   */
  async clear(el) {
    await el.click().catch(() => {});
    const value = () => this.driver.executeScript('return arguments[0].value', el);
    if (!(await value())) return;
    await el.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE).catch(() => {});
    if (await value()) await this.setValue(el, '');
  }

  async setValue(el, text) {
    await this.driver.executeScript(
      `const el = arguments[0], v = arguments[1];
       const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
         : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
       Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      el,
      text,
    );
  }

  /** Chooses an <option> of a select by its value, by clicking it. */
  async select(id, value) {
    const sel = await this.byTestId(id);
    const opts = await sel.findElements(By.css(`option[value="${value}"]`));
    if (opts.length === 0) throw new Error(`[data-testid="${id}"] has no option "${value}"`);
    await opts[0].click();
    if ((await this.driver.executeScript('return arguments[0].value', sel)) !== value) {
      await this.setValue(sel, value);
    }
  }

  // --- the list ------------------------------------------------------------

  /** The numbers in the customer-count text, thousands separators removed. */
  async countNumbers() {
    const t = await this.text('customer-count');
    return numbersIn(t);
  }

  /** Waits until the customer-count text shows `n`. */
  async waitCount(n, timeout = TIMEOUT) {
    let last = '';
    await this.driver
      .wait(
        async () => {
          const els = await this.allByTestId('customer-count');
          if (els.length === 0) return false;
          try {
            last = await this.elText(els[0]);
          } catch {
            return false;
          }
          return numbersIn(last).includes(n);
        },
        timeout,
      )
      .catch((e) => {
        throw new Error(`customer-count never showed ${n}; it shows "${last}" (${e.message})`);
      });
    return last;
  }

  /** Waits until exactly `n` elements with this testid are present. */
  async waitRows(n, id = 'customer-row', timeout = TIMEOUT) {
    let count = -1;
    await this.driver
      .wait(
        async () => {
          count = (await this.allByTestId(id)).length;
          return count === n;
        },
        timeout,
      )
      .catch(() => {
        throw new Error(`expected ${n} [data-testid="${id}"], found ${count}`);
      });
    return this.allByTestId(id);
  }

  /** Texts of the rows now shown. */
  async rowTexts(id = 'customer-row') {
    const out = [];
    for (const el of await this.allByTestId(id)) {
      try {
        out.push(await this.elText(el));
      } catch {}
    }
    return out;
  }

  /** The row whose text contains `text`, waiting for it. */
  async rowWith(text, id = 'customer-row', timeout = TIMEOUT) {
    let found = null;
    await this.driver
      .wait(
        async () => {
          for (const el of await this.allByTestId(id)) {
            try {
              if ((await this.elText(el)).includes(text)) {
                found = el;
                return true;
              }
            } catch {}
          }
          return false;
        },
        timeout,
      )
      .catch(() => {
        throw new Error(`no [data-testid="${id}"] contains "${text}"`);
      });
    return found;
  }

  /** Waits for a toast and returns its text. */
  /** Waits for a toast whose text matches `pattern` (others may be shown too); returns its text. */
  async waitToastWith(pattern, timeout = TIMEOUT) {
    let found = null;
    await this.driver.wait(
      async () => {
        for (const el of await this.allByTestId('toast')) {
          const text = await this.elText(el).catch(() => '');
          if (pattern.test(text)) {
            found = text;
            return true;
          }
        }
        return false;
      },
      timeout,
      `no toast matching ${pattern}`,
    );
    return found;
  }

  async waitToast(timeout = TIMEOUT) {
    const el = await this.byTestId('toast', { timeout });
    return this.elText(el);
  }
}

export function byTestId(id) {
  return By.css(`[data-testid="${id}"]`);
}

/** `"共 10,000 位"` → `[10000]`; also handles narrow spaces and `10 000`. */
export function numbersIn(text) {
  const cleaned = text.replace(/(\d)[,\u202f\u00a0 ](?=\d{3}\b)/g, '$1');
  return (cleaned.match(/\d+/g) || []).map(Number);
}

export function removeTemp(tmp) {
  if (process.env.E2E_KEEP_TMP) return;
  try {
    fs.rmSync(tmp.dir, { recursive: true, force: true });
  } catch {}
}

/**
 * A test with its own temp folder and app. `fn(app, tmp, t)`; `setup(tmp)`
 * runs before the app starts (seeding the database); `screen: 'today'` stays
 * on the start screen instead of opening the customer list. The app may be replaced
 * with `app = await app.restart()`; the one open at the end is closed.
 */
export function appTest(name, { lang = LANG_ZH, setup, env, timeout = 240_000, waitReady = true, screen } = {}, fn) {
  return test(name, { timeout }, async (t) => {
    const tmp = makeTempDir(name.slice(0, 30));
    let current = null;
    const track = (a) => {
      current = a;
      return a;
    };
    try {
      if (setup) await setup(tmp);
      const app = track(await launchApp(tmp, { lang, env, waitReady, screen }));
      app.onRestart = track;
      await fn(app, tmp, t);
      // Any error the window caught (and showed as "something went wrong") fails the test.
      if (current && !current.closed && (await current.exists('nav-customers'))) {
        const errors = await current.driver.executeScript('return window.__clienteleErrors || []');
        assert.deepEqual(errors, [], 'the window reported unexpected errors');
        // Screens scroll inside themselves; the window never does. Content that
        // sticks out below it lets a focus or a click scroll the whole app up,
        // sidebar and Back button out of sight.
        const root = await current.driver.executeScript(
          'const s = document.scrollingElement; return { top: s.scrollTop, height: s.scrollHeight, view: s.clientHeight }',
        );
        assert.ok(root.top === 0 && root.height <= root.view, `the window itself scrolls (${JSON.stringify(root)})`);
      }
    } catch (e) {
      if (current && !current.closed) {
        const file = await current.screenshot(`FAILED-${name}`).catch(() => null);
        if (file) t.diagnostic(`screenshot: ${file}`);
      }
      throw e;
    } finally {
      if (current) await current.close();
      removeTemp(tmp);
    }
  });
}
