// The Profiles screen in the real window, in demo mode with a fresh config: open it from the
// navigation, create a profile with three tags from the form, see it in the picker (icon, blue
// border, "Profile" badge) without a restart, change a tag, delete it by typing its name, and see
// it leave the picker. Screenshots of the screen and of the create form are saved as artifacts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, screenshot, startApp } from './harness.mjs';

const NAME = 'e2e-team-claude-haiku';
const TAGS = [
  ['Project', 'Atlas'],
  ['Department', 'Research'],
  ['CostCenter', 'CC-4242'],
];

function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

/** An input by the text of its <label for>. */
function inputLabelled(browser, label) {
  return browser.$(`//input[@id=//label[normalize-space()="${label}"]/@for]`);
}

function buttonNamed(browser, text, within = '') {
  return browser.$(`${within}//button[normalize-space()="${text}"]`);
}

async function enableProfiles(browser) {
  await (await browser.$('button[aria-label="Settings"]')).click();
  const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
  await box.waitForDisplayed({ timeout: 10_000 });
  if (!(await box.isSelected())) {
    await box.click();
    await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), { what: '"Saved"' });
  }
}

async function openProfiles(browser) {
  await (await browser.$('button[aria-label="Profiles"]')).click();
  const table = await browser.$('table[aria-label="Application profiles"]');
  await table.waitForDisplayed({ timeout: 20_000 });
  return table;
}

/** The names of the table's rows. */
function rowNames(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('table[aria-label="Application profiles"] tr[data-arn] [data-testid="profile-name"]')].map((n) => n.textContent.trim()),
  );
}

async function openPicker(browser) {
  const button = await browser.$('button[aria-label^="Model:"]');
  await button.waitForClickable({ timeout: 15_000 });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await (await browser.$('[role="listbox"]')).waitForDisplayed({ timeout: 15_000 });
}

async function closePicker(browser) {
  await browser.keys('Escape');
  await (await browser.$('[role="listbox"]')).waitForDisplayed({ reverse: true, timeout: 5_000 });
}

/** The picker's application-profile option showing `name`, scrolled into view, or null. */
function pickerProfile(browser, name) {
  return browser.execute((n) => {
    const row = [...document.querySelectorAll('[role="option"][data-kind="ApplicationProfile"]')].find(
      (o) => o.querySelector('.truncate')?.textContent === n,
    );
    row?.scrollIntoView({ block: 'nearest' });
    return row ?? null;
  }, name);
}

describe('Profiles screen (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('opens from the navigation and lists the demo region\'s profiles', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await enableProfiles(browser);
    await openProfiles(browser);
    assert.equal(await (await browser.$('button[aria-label="Profiles"]')).getAttribute('aria-current'), 'page');
    await eventually(async () => (await rowNames(browser)).includes('project-alpha-claude-sonnet'), {
      what: "the guide's profiles in the table",
      timeoutMs: 20_000,
    });
    assert.ok(!(await rowNames(browser)).includes(NAME));
  });

  it('creates a profile with three tags from the form', async () => {
    const { browser } = app;
    await (await buttonNamed(browser, 'New profile')).click();
    const form = await browser.$('form[aria-label="New profile"]');
    await form.waitForDisplayed({ timeout: 5_000 });

    await (await inputLabelled(browser, 'Name')).setValue(NAME);
    // The guide's own description breaks AWS's pattern: the form says where and offers the fix.
    await (await inputLabelled(browser, 'Description')).setValue('Project Atlas - Claude 3 Haiku');
    const use = await browser.$('button[aria-label="Use: Project Atlas: Claude 3 Haiku"]');
    await use.waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, '[data-field-problem="description"]'), /"-" at character 15 follows a space/);
    await use.click();
    assert.equal(await (await inputLabelled(browser, 'Description')).getValue(), 'Project Atlas: Claude 3 Haiku');

    await (await browser.$('input[aria-label="Search models and cross-region profiles"]')).setValue('anthropic.claude-3-haiku');
    const radio = await eventually(
      () =>
        browser.execute(() => {
          const r = [...document.querySelectorAll('[role="radiogroup"][aria-label="Source"] input[type="radio"]')].find(
            (i) => !i.disabled && i.closest('label')?.textContent?.includes('anthropic.claude-3-haiku'),
          );
          return r ?? null;
        }),
      { what: 'a copyable Claude 3 Haiku source', timeoutMs: 20_000 },
    );
    await (await browser.$(radio)).click();
    await (await browser.$('[data-testid="chosen-source"]')).waitForDisplayed({ timeout: 5_000 });

    for (const [i, [key, value]] of TAGS.entries()) {
      await (await buttonNamed(browser, 'Add tag')).click();
      await (await browser.$(`input[aria-label="Tag ${i + 1} key"]`)).setValue(key);
      await (await browser.$(`input[aria-label="Tag ${i + 1} value"]`)).setValue(value);
    }
    const command = await textOf(browser, '[data-testid="cli-command"]');
    assert.match(command, new RegExp(`--inference-profile-name ${NAME}`));
    assert.match(command, /--tags '\[\{"key":"Project","value":"Atlas"\},\{"key":"Department","value":"Research"\},\{"key":"CostCenter","value":"CC-4242"\}\]'/);
    assert.equal((await browser.$$('[data-field-problem]')).length, 0, 'no field has a problem');
    await screenshot(browser, 'profiles-create-form');

    await (await buttonNamed(browser, 'Create profile')).click();
    await eventually(async () => (await rowNames(browser)).includes(NAME), { what: 'the new profile in the table', timeoutMs: 20_000 });
    const row = await browser.execute(
      (n) => [...document.querySelectorAll('tr[data-arn]')].find((r) => r.querySelector('[data-testid="profile-name"]')?.textContent.trim() === n)?.textContent ?? '',
      NAME,
    );
    for (const [key, value] of TAGS) assert.ok(row.includes(`${key}=${value}`), `row shows ${key}=${value}: ${row}`);
    assert.match(row, /arn:aws:bedrock:ap-northeast-1:\d{12}:application-inference-profile\/[a-z0-9]{12}/);
    await browser.execute(() => document.querySelector('main')?.scrollTo(0, 0));
    await screenshot(browser, 'profiles-screen');
  });

  it('shows it in the picker at once, marked as a profile — no restart', async () => {
    const { browser } = app;
    await openPicker(browser);
    const found = await eventually(() => pickerProfile(browser, NAME), { what: `${NAME} in the picker` });
    const option = await browser.$(found);
    assert.equal(await browser.execute((r) => r.querySelector('[data-badge="profile"]')?.textContent, option), 'Profile');
    assert.ok(await option.$('[data-icon="brain-circuit"]').isExisting());
    const width = parseFloat((await option.getCSSProperty('border-left-width')).value);
    assert.ok(width >= 3, `left border ${width}px`);
    const { hex } = (await option.getCSSProperty('border-left-color')).parsed;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    assert.ok(b > 200 && b > r + 80 && b > g + 40, `border colour ${hex}`);
    await option.moveTo();
    const tooltip = await browser.$('[role="tooltip"]');
    await tooltip.waitForDisplayed({ timeout: 5_000 });
    await eventually(async () => (await tooltip.getText()).includes('Project=Atlas'), { what: 'the tags in the tooltip' });
    await closePicker(browser);
  });

  it('changes a tag, and the picker shows the new value', async () => {
    const { browser } = app;
    await openProfiles(browser);
    await (await browser.$(`button[aria-label="Tags of ${NAME}"]`)).click();
    const dialog = await browser.$('[role="dialog"]');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    await (await dialog.$('input[aria-label="Tag 1 value"]')).setValue('Atlas-2');
    await (await buttonNamed(browser, 'Save tags', '//*[@role="dialog"]')).click();
    await eventually(async () => (await textOf(browser, '[role="dialog"] [role="status"]')) === 'Saved', { what: '"Saved"', timeoutMs: 20_000 });
    await (await buttonNamed(browser, 'Close', '//*[@role="dialog"]')).click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 5_000 });
    const row = await browser.execute(
      (n) => [...document.querySelectorAll('tr[data-arn]')].find((r) => r.querySelector('[data-testid="profile-name"]')?.textContent.trim() === n)?.textContent ?? '',
      NAME,
    );
    assert.ok(row.includes('Project=Atlas-2'), row);

    await openPicker(browser);
    const option = await browser.$(await eventually(() => pickerProfile(browser, NAME), { what: `${NAME} in the picker` }));
    await option.moveTo();
    const tooltip = await browser.$('[role="tooltip"]');
    await tooltip.waitForDisplayed({ timeout: 5_000 });
    await eventually(async () => (await tooltip.getText()).includes('Project=Atlas-2'), { what: 'the changed tag in the picker' });
    await closePicker(browser);
  });

  it('deletes it after the name is typed, and it leaves the picker', async () => {
    const { browser } = app;
    await openProfiles(browser);
    await (await browser.$(`button[aria-label="Delete ${NAME}"]`)).click();
    const dialog = await browser.$('[role="dialog"]');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    const remove = await buttonNamed(browser, 'Delete profile', '//*[@role="dialog"]');
    const confirm = await dialog.$('input[data-autofocus]');
    await confirm.setValue(NAME.slice(0, -1));
    assert.equal(await remove.isEnabled(), false);
    await confirm.setValue(NAME);
    assert.equal(await remove.isEnabled(), true);
    await remove.click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 20_000 });
    await eventually(async () => !(await rowNames(browser)).includes(NAME), { what: 'the row to go' });

    await openPicker(browser);
    await eventually(async () => (await pickerProfile(browser, 'project-alpha-claude-sonnet')) !== null, { what: 'the other profiles' });
    await eventually(async () => (await pickerProfile(browser, NAME)) === null, { what: `${NAME} to leave the picker` });
    await closePicker(browser);
  });
});
