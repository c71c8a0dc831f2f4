// Hardening in the real window: an answer the Markdown parser cannot nest leaves the app and the
// answer visible, long unbroken text stays inside its bubble, a second launch hands over to the
// first window and exits, and a real-AWS user (region from ~/.aws/config) sees the cached catalog
// at once while Bedrock is slow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { APP, eventually, screenshot, startApp } from './harness.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const EMULATOR = resolve(ROOT, process.env.STRATA_EMULATOR ?? 'target/debug/bedrock-emulator');

/** Picks the first entry the search `query` finds. */
async function pickModel(browser, query) {
  await (await browser.$('button[aria-label^="Model:"]')).click();
  const search = await browser.$('[role="combobox"]');
  await search.waitForDisplayed({ timeout: 10_000 });
  await search.setValue(query);
  await eventually(async () => (await browser.$$('[role="option"]')).length > 0, { what: `a match for ${query}` });
  await browser.keys('Enter');
  await eventually(async () => !(await search.isDisplayed()), { what: 'the picker to close' });
}

async function send(browser, text) {
  const message = await browser.$('textarea[aria-label="Message"]');
  await message.waitForDisplayed({ timeout: 10_000 });
  // setValue types key by key: far too slow for thousands of characters, so set it as a paste would.
  await browser.execute((el, value) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, message, text);
  await message.click();
  await browser.keys('Enter');
}

/** The text of the last answer once its usage line is there (the turn is over). */
async function finishedAnswer(browser, what) {
  return eventually(
    () =>
      browser.execute(() => {
        const answers = document.querySelectorAll('article[aria-label="Answer"]');
        const last = answers[answers.length - 1];
        return last?.querySelector('[data-testid="usage"]') ? last.textContent : null;
      }),
    { what, timeoutMs: 60_000 },
  ).catch(async (e) => {
    await screenshot(browser, `failed-${what.replaceAll(' ', '-')}`);
    throw e;
  });
}

describe('answers that break a Markdown parser, and long unbroken text (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('keeps the app and the whole answer visible after 2,000 nested quotes', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await pickModel(browser, 'anthropic.claude-3-haiku');
    // The demo model quotes the question, so the answer carries the nesting back.
    await send(browser, `${'> '.repeat(2000)}deepest quote`);
    const answer = await finishedAnswer(browser, 'the answer to the nested quotes');
    assert.ok(answer.includes('deepest quote'), 'the innermost text is visible');
    assert.ok(await (await browser.$('header')).isDisplayed(), 'the app is still mounted');
    await screenshot(browser, 'markdown-overflow');
  });

  it('keeps a 3,000-character word inside its bubble', async () => {
    const { browser } = app;
    await send(browser, `https://example.com/${'a'.repeat(3000)}`);
    await finishedAnswer(browser, 'the answer to the long word');
    const overflow = await browser.execute(() => {
      const bubbles = [
        ...document.querySelectorAll('[data-role="user"] > div'),
        ...document.querySelectorAll('article[aria-label="Answer"] .prose-chat'),
      ];
      return bubbles.map((b) => ({ scroll: b.scrollWidth, client: b.clientWidth, right: b.getBoundingClientRect().right }));
    });
    const width = await browser.execute(() => document.documentElement.clientWidth);
    assert.ok(overflow.length >= 4, JSON.stringify(overflow));
    for (const b of overflow) {
      assert.ok(b.scroll <= b.client + 1, `text runs out of its bubble: ${JSON.stringify(b)}`);
      assert.ok(b.right <= width + 1, `a bubble runs out of the window: ${JSON.stringify(b)}`);
    }
    await screenshot(browser, 'long-word');
  });
});

describe('one window at a time', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('a second launch hands over to the first window and exits 0', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await (await browser.$('header')).waitForDisplayed({ timeout: 10_000 });
    const env = { ...process.env, ...app.env };
    const second = spawn(APP, ['--demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (b) => (stderr += b));
    // Without the hand-over the second launch opens a window of its own and never exits: that is
    // the failure this guards against, so it is stopped after a minute instead of hanging the suite.
    const guard = setTimeout(() => second.kill('SIGKILL'), 60_000);
    const code = await new Promise((res) => second.once('exit', (c, signal) => res(signal ?? c)));
    clearTimeout(guard);
    assert.equal(code, 0, `second launch exit code; stderr: ${stderr}`);
    // The first window is still there and answering, and it heard of the second launch.
    assert.ok(await (await browser.$('header')).isDisplayed());
    const today = new Date().toISOString().slice(0, 10);
    const log = join(app.logDir, `strata.${today}.log`);
    await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes('second launch'), {
      what: '"second launch" in the first instance\'s log',
    });
  });
});

/** Starts the emulator binary; resolves with its endpoint and a stop function. */
async function startEmulator() {
  const child = spawn(EMULATOR, ['--listen', '127.0.0.1:0', '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise((res, rej) => {
    createInterface({ input: child.stdout }).once('line', res);
    child.once('exit', (c) => rej(new Error(`the emulator exited (${c}) before listening`)));
  });
  const endpoint = first.match(/listening on (http:\/\/\S+)/)?.[1];
  assert.ok(endpoint, first);
  return {
    endpoint,
    async admin(path, body) {
      const res = await fetch(`${endpoint}/_emulator/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      assert.ok(res.ok, `${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
    stop: () => child.kill('SIGTERM'),
  };
}

describe('a real-AWS user with the region in ~/.aws/config', () => {
  let app;
  let emulator;
  after(async () => {
    await app?.stop();
    emulator?.stop();
  });

  it('sees the cached catalog at start while Bedrock has not answered yet', async () => {
    emulator = await startEmulator();
    const home = mkdtempSync(join(tmpdir(), 'strata-e2e-'));
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws/config'), '[default]\nregion = ap-northeast-1\n');
    writeFileSync(
      join(home, '.aws/credentials'),
      '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = not-a-real-secret\n',
    );
    const env = { AWS_ENDPOINT_URL: emulator.endpoint };

    // First start: the catalog comes from "AWS" (the emulator) and is cached.
    app = await startApp({ home, env });
    let picker = await app.browser.$('button[aria-label^="Model:"]');
    await picker.waitForDisplayed({ timeout: 10_000 });
    await picker.click();
    await eventually(async () => (await app.browser.$$('[role="option"][data-kind="Foundation"]')).length > 5, {
      what: 'the catalog from the emulator',
      timeoutMs: 30_000,
    });
    const status = await (await app.browser.$('[aria-label="Status"]')).getText();
    assert.match(status, /ap-northeast-1/);
    assert.doesNotMatch(status, /Demo/);
    await app.stop({ keepHome: true });

    // Bedrock becomes slow: every call waits 120 s before it is answered.
    await emulator.admin('faults', { type: 'latency', operation: '*', ms: 120_000 });
    const before = (await emulator.admin('requests')).requests.length;

    app = await startApp({ home, env });
    picker = await app.browser.$('button[aria-label^="Model:"]');
    await picker.waitForDisplayed({ timeout: 10_000 });
    await picker.click();
    await eventually(async () => (await app.browser.$$('[role="option"][data-kind="Foundation"]')).length > 5, {
      what: 'the cached catalog',
      timeoutMs: 30_000,
    });
    // It is shown as the saved list, with a refresh under way that Bedrock has not answered (the
    // emulator records a call when it answers it).
    const page = await app.browser.execute(() => document.body.textContent);
    assert.match(page, /Showing the list saved .*refreshing/);
    const answered = (await emulator.admin('requests')).requests.slice(before);
    assert.deepEqual(answered, [], 'no call was answered yet');
    await screenshot(app.browser, 'cached-catalog-at-start');
  });
});
