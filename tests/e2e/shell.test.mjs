// The app shell in the real window: title, About facts from app_info, F12, and the log file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, screenshot, startApp } from './harness.mjs';

const CARGO_VERSION = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8').match(
  /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/,
)[1];

describe('app shell', () => {
  let app;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  it('opens a window titled Strata showing the shell', async () => {
    const { browser } = app;
    assert.equal(await browser.getTitle(), 'Strata');
    const header = await browser.$('header');
    await header.waitForDisplayed({ timeout: 10_000 });
    assert.match(await header.getText(), /Strata/);
    const status = await browser.$('[aria-label="Status"]');
    await eventually(async () => /Strata \d+\.\d+\.\d+/.test(await status.getText()), { what: 'the status bar' });
    await screenshot(browser, 'shell');
  });

  it('shows the version from app_info in the About dialog', async () => {
    const { browser } = app;
    await (await browser.$('button[aria-label="About Strata"]')).click();
    const dialog = await browser.$('[role="dialog"]');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    const version = await browser.$('[data-testid="about-version"]');
    assert.equal(await version.getText(), CARGO_VERSION);
    const logFile = await (await browser.$('[data-testid="about-log-file"]')).getText();
    assert.ok(logFile.startsWith(app.logDir), `${logFile} should be under ${app.logDir}`);
    await screenshot(browser, 'about');
    await browser.keys('Escape');
    await dialog.waitForDisplayed({ reverse: true, timeout: 5_000 });
  });

  it('writes the log lines from Rust to the log file', async () => {
    const logFile = await eventually(
      () => {
        const today = new Date().toISOString().slice(0, 10);
        const file = join(app.logDir, `strata.${today}.log`);
        return existsSync(file) && file;
      },
      { what: 'the log file' },
    );
    await eventually(() => readFileSync(logFile, 'utf8').includes('Strata started'), {
      what: '"Strata started" in the log file',
    });
    assert.match(readFileSync(logFile, 'utf8'), /INFO app: Strata started version=\S+ profile=\S+ demo=false/);
  });

  it('survives F12 (developer tools) and keeps answering', async () => {
    const { browser } = app;
    await (await browser.$('body')).click();
    await browser.keys('F12');
    await eventually(
      () => existsSync(app.logDir) && readFileSync(join(app.logDir, readdirToday()), 'utf8').includes('developer tools opened'),
      { what: 'the developer tools to open' },
    );
    // The app still renders and runs commands after the inspector opened.
    assert.equal(await browser.getTitle(), 'Strata');
    await (await browser.$('button[aria-label="Settings"]')).click();
    const heading = await browser.$('h1=Settings');
    await heading.waitForDisplayed({ timeout: 5_000 });
    await screenshot(browser, 'after-f12');
  });
});

function readdirToday() {
  return `strata.${new Date().toISOString().slice(0, 10)}.log`;
}
