// The model picker and AWS Settings in the real window, in demo mode with a fresh config: the
// setting hides and shows the guide's five application profiles, live; they are marked as the
// visual spec says; the setting and the selection survive a restart.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, screenshot, startApp } from './harness.mjs';

const GUIDE_PROFILES = [
  'custom-bedrock-profile',
  'dev-claude-haiku',
  'marketing-team-claude-haiku',
  'prod-claude-sonnet',
  'project-alpha-claude-sonnet',
];

async function openPicker(browser) {
  const button = await browser.$('button[aria-label^="Model:"]');
  await button.waitForClickable({ timeout: 15_000 });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const listbox = await browser.$('[role="listbox"]');
  await listbox.waitForDisplayed({ timeout: 15_000 });
  await eventually(async () => (await browser.$$('[role="option"]')).length > 0, { what: 'options in the picker' });
  return listbox;
}

async function closePicker(browser) {
  await browser.keys('Escape');
  await (await browser.$('[role="listbox"]')).waitForDisplayed({ reverse: true, timeout: 5_000 });
}

/** The option showing `name`, scrolled into view (the list is virtualised: rows out of view
 * are not rendered, and rendered ones may be clipped). */
async function optionNamed(browser, name) {
  const found = await browser.execute((n) => {
    const row = [...document.querySelectorAll('[role="option"]')].find(
      (o) => o.querySelector('.truncate')?.textContent === n,
    );
    row?.scrollIntoView({ block: 'nearest' });
    return row ?? null;
  }, name);
  if (!found) throw new Error(`no option named ${name}`);
  return browser.$(found);
}

/** The text of the first element matching `selector`, read in the page (no WebDriver text atoms). */
function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

async function profileNames(browser) {
  const names = await browser.execute(() =>
    [...document.querySelectorAll('[role="option"][data-kind="ApplicationProfile"]')].map(
      (o) => o.querySelector('.truncate')?.textContent ?? '',
    ),
  );
  return names.sort();
}

async function openSettings(browser) {
  const heading = await browser.$('h1=Settings');
  if (!(await heading.isDisplayed().catch(() => false))) {
    await (await browser.$('button[aria-label="Settings"]')).click();
    await heading.waitForDisplayed({ timeout: 5_000 });
  }
  const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
  await box.waitForDisplayed({ timeout: 10_000 });
  return box;
}

async function setProfilesSetting(browser, on) {
  const box = await openSettings(browser);
  if ((await box.isSelected()) !== on) {
    await box.click();
    await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), {
      what: '"Saved"',
    });
  }
  assert.equal(await box.isSelected(), on);
}

describe('model picker and AWS Settings (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('lists no application profile while the setting is off', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await openPicker(browser);
    assert.deepEqual(await profileNames(browser), []);
    assert.ok((await browser.$$('[role="option"][data-kind="Foundation"]')).length > 5);
    await eventually(async () => (await (await browser.$('[data-testid="profiles-off"]')).isDisplayed()), {
      what: 'the "profiles are hidden" note',
    });
    await closePicker(browser);
  });

  it('shows the guide\'s five profiles, marked, once the setting is checked — no restart', async () => {
    const { browser } = app;
    await setProfilesSetting(browser, true);
    await openPicker(browser);
    await eventually(async () => (await profileNames(browser)).length === 5, { what: 'five application profiles' });
    assert.deepEqual(await profileNames(browser), GUIDE_PROFILES);

    for (const row of await browser.$$('[role="option"][data-kind="ApplicationProfile"]')) {
      assert.equal(await browser.execute((r) => r.querySelector('[data-badge="profile"]')?.textContent, row), 'Profile');
      assert.ok(await row.$('[data-icon="brain-circuit"]').isExisting());
      const width = parseFloat((await row.getCSSProperty('border-left-width')).value);
      assert.ok(width >= 3, `left border ${width}px`);
      const { hex } = (await row.getCSSProperty('border-left-color')).parsed;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      // Blue: the blue channel well above red and green (#2563eb in light, #60a5fa in dark).
      assert.ok(b > 200 && b > r + 80 && b > g + 40, `border colour ${hex}`);
    }
    for (const row of await browser.$$('[role="option"][data-kind="SystemProfile"]')) {
      assert.ok(!(await row.$('[data-badge="profile"]').isExisting()));
    }

    const alpha = await optionNamed(browser, 'project-alpha-claude-sonnet');
    await alpha.moveTo();
    const tooltip = await browser.$('[role="tooltip"]');
    await tooltip.waitForDisplayed({ timeout: 5_000 });
    const arn = await (await tooltip.$('[data-testid="tooltip-arn"]')).getText();
    assert.match(arn, /^arn:aws:bedrock:ap-northeast-1:\d{12}:application-inference-profile\/[a-z0-9]{12}$/);
    assert.match(await tooltip.getText(), /Project=Alpha/);
    assert.equal(await alpha.getAttribute('aria-describedby'), await tooltip.getAttribute('id'));
    await screenshot(browser, 'picker-profiles');
  });

  it('saves the selection, and both survive a restart', async () => {
    const { browser } = app;
    await (await optionNamed(browser, 'dev-claude-haiku')).click();
    const button = await browser.$('button[aria-label^="Model:"]');
    await eventually(async () => (await button.getAttribute('aria-label')) === 'Model: dev-claude-haiku', {
      what: 'the header to show the selection',
    });

    const home = app.home;
    await app.stop({ keepHome: true });
    app = await startApp({ args: ['--demo'], home });
    const again = app.browser;
    const restarted = await again.$('button[aria-label^="Model:"]');
    await eventually(async () => (await restarted.getAttribute('aria-label')) === 'Model: dev-claude-haiku', {
      what: 'the selection after a restart',
      timeoutMs: 20_000,
    });
    const box = await openSettings(again);
    assert.equal(await box.isSelected(), true);
    await screenshot(again, 'settings-after-restart');
  });

  it('hides the profiles again when the setting is unchecked — no restart', async () => {
    const { browser } = app;
    await setProfilesSetting(browser, false);
    await openPicker(browser);
    await eventually(async () => (await profileNames(browser)).length === 0, { what: 'the profiles to disappear' });
    await closePicker(browser);
  });
});
