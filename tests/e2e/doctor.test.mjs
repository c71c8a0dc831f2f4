// The Doctor in the real window, in demo mode with a fresh config: (a) with Enable Inference
// Profiles off, the picker says so inline with a "Turn it on" button, and one click lists the
// guide's profiles; (b) with the region set to us-east-1, the Doctor looks up
// project-alpha-claude-sonnet (the demo seeds it in ap-northeast-1), finds it there, and its
// "Switch to ap-northeast-1" button moves the app there, where the picker lists it. Each step
// names itself in its failure; a screenshot of the Doctor is saved (docs/doctor.png).
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
const ALPHA = 'project-alpha-claude-sonnet';
const DEMO_REGION = 'ap-northeast-1';

function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

function buttonNamed(browser, text, within = '') {
  return browser.$(`${within}//button[normalize-space()="${text}"]`);
}

/** A form control by the text of its <label for>. */
function controlLabelled(browser, label, tag = 'input') {
  return browser.$(`//${tag}[@id=//label[normalize-space()="${label}"]/@for]`);
}

async function openPicker(browser) {
  const button = await browser.$('button[aria-label^="Model:"]');
  await button.waitForClickable({ timeout: 15_000 });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await (await browser.$('[role="listbox"]')).waitForDisplayed({ timeout: 15_000 });
}

async function closePicker(browser) {
  if ((await browser.$$('[role="listbox"]')).length === 0) return;
  await browser.keys('Escape');
  await (await browser.$('[role="listbox"]')).waitForDisplayed({ reverse: true, timeout: 5_000 });
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
}

async function waitSaved(browser, what) {
  await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), { what });
}

describe('Doctor (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('(a) the picker offers "Turn it on" while the setting is off; one click lists the guide\'s profiles', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await openPicker(browser);
    const note = await browser.$('[data-testid="profiles-off"]');
    await note.waitForDisplayed({ timeout: 15_000 });
    // The setting check's finding and its fix, inline (setting: fail + enableInferenceProfiles).
    let turnOn;
    try {
      turnOn = await eventually(
        async () => {
          const b = await buttonNamed(browser, 'Turn it on', '//*[@data-testid="profiles-off"]');
          return (await b.isExisting()) ? b : null;
        },
        { what: '(a) the inline "Turn it on" fix', timeoutMs: 30_000 },
      );
    } catch (e) {
      throw new Error(`${e.message}; the note says: ${await textOf(browser, '[data-testid="profiles-off"]')}`, { cause: e });
    }
    assert.match(await textOf(browser, '[data-testid="profiles-off"]'), /Enable Inference Profiles/);
    await turnOn.click();
    await eventually(async () => (await profileNames(browser)).length === GUIDE_PROFILES.length, {
      what: '(a) the guide\'s five profiles in the picker after one click',
      timeoutMs: 30_000,
    });
    assert.deepEqual(await profileNames(browser), GUIDE_PROFILES);
    await closePicker(browser);
  });

  it('(b) in us-east-1 the Doctor finds project-alpha-claude-sonnet in ap-northeast-1 and Switch moves the app there', async () => {
    const { browser } = app;
    await closePicker(browser);
    await openSettings(browser);
    // The profiles are listed (step a turned the setting on; on its own, this step turns it on).
    const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
    await box.waitForDisplayed({ timeout: 10_000 });
    if (!(await box.isSelected())) {
      await box.click();
      await waitSaved(browser, '(b) the setting saved');
    }
    const region = await controlLabelled(browser, 'Region');
    await region.setValue('us-east-1');
    await browser.keys('Enter');
    await eventually(async () => (await textOf(browser, '[data-testid="connection-summary"]')).includes('us-east-1'), {
      what: '(b) the app in us-east-1',
      timeoutMs: 20_000,
    });

    await (await buttonNamed(browser, 'Run the doctor')).click();
    await (await browser.$('h1*=Doctor')).waitForDisplayed({ timeout: 5_000 });
    await (await controlLabelled(browser, 'Profile (name, id or ARN)')).setValue(ALPHA);
    await (await buttonNamed(browser, 'Run')).click();

    // The profile check: fail, found in the demo's region, with the switch as its fix.
    const row = '//li[@data-check="profile"]';
    await eventually(async () => (await (await browser.$(row)).getAttribute('data-status')) !== 'running', {
      what: '(b) the profile check to finish',
      timeoutMs: 30_000,
    });
    const rowText = await browser.execute((x) => document.evaluate(x, document, null, 9, null).singleNodeValue?.textContent ?? '', row);
    assert.equal(await (await browser.$(row)).getAttribute('data-status'), 'fail', `(b) the profile check's status: ${rowText}`);
    const switchButton = await buttonNamed(browser, `Switch to ${DEMO_REGION}`, row);
    assert.ok(await switchButton.isExisting(), `(b) the profile check offers Switch to ${DEMO_REGION}: ${rowText}`);
    // The form, the summary and the rows down to the failing lookup, for the README.
    await browser.execute((x) => document.evaluate(x, document, null, 9, null).singleNodeValue?.scrollIntoView({ block: 'end' }), row);
    await screenshot(browser, 'doctor');

    await switchButton.click();
    await eventually(async () => (await textOf(browser, '[data-testid="doctor-changed"]')).includes(`Switched to ${DEMO_REGION}.`), {
      what: '(b) the Doctor to say what the switch changed',
      timeoutMs: 30_000,
    });
    assert.notEqual(await (await browser.$(row)).getAttribute('data-status'), 'fail', '(b) the profile check no longer fails after the switch');

    await openPicker(browser);
    await eventually(async () => (await profileNames(browser)).includes(ALPHA), {
      what: `(b) ${ALPHA} in the picker in ${DEMO_REGION}`,
      timeoutMs: 30_000,
    });
    await closePicker(browser);
  });
});
