// The Costs screen in the real window, in demo mode with a fresh config: refresh prices from the
// emulator's Price List (the demo's Claude 3.5 Sonnet has no built-in price), tag
// marketing-team-claude-haiku with Project=Beta, chat through it and project-alpha-claude-sonnet
// (Project=Alpha), then open Costs by tag:Project and see Alpha and Beta with non-zero estimates
// and the chart, activate the Project tag, compare with the bill, and create a budget for
// Project=Alpha. Each step names itself in its failure; a screenshot of the screen is saved.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, screenshot, startApp } from './harness.mjs';

const ALPHA = 'project-alpha-claude-sonnet';
const MARKETING = 'marketing-team-claude-haiku';
const BUDGET = 'e2e-project-alpha-monthly';

function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

/** A form control by the text of its <label for>. */
function controlLabelled(browser, label, tag = 'input') {
  return browser.$(`//${tag}[@id=//label[normalize-space()="${label}"]/@for]`);
}

function buttonNamed(browser, text, within = '') {
  return browser.$(`${within}//button[normalize-space()="${text}"]`);
}

async function openScreen(browser, name) {
  await (await browser.$(`button[aria-label="${name}"]`)).click();
}

/** Picks the application profile named `name` in the chat's picker. */
async function pick(browser, name) {
  const button = await browser.$('button[aria-label^="Model:"]');
  await button.waitForClickable({ timeout: 15_000 });
  await button.click();
  const search = await browser.$('[role="combobox"]');
  await search.waitForDisplayed({ timeout: 10_000 });
  await search.setValue(name);
  await eventually(
    async () =>
      (await browser.execute(() =>
        [...document.querySelectorAll('[role="option"]')].map((o) => o.querySelector('.truncate')?.textContent).join('|'),
      )) === name,
    { what: `${name} alone in the picker`, timeoutMs: 20_000 },
  );
  await browser.keys('Enter');
  await eventually(async () => (await button.getAttribute('aria-label')) === `Model: ${name}`, { what: `${name} picked` });
}

/** Sends a message and waits for its answer's usage line (the n-th of the open conversation). */
async function chat(browser, text, n) {
  const message = await browser.$('textarea[aria-label="Message"]');
  await message.waitForDisplayed({ timeout: 5_000 });
  await message.setValue(text);
  await browser.keys('Enter');
  await eventually(async () => (await browser.$$('[data-testid="usage"]')).length >= n, { what: `answer ${n}'s usage line`, timeoutMs: 30_000 });
  const usage = await browser.execute((i) => document.querySelectorAll('[data-testid="usage"]')[i]?.textContent ?? '', n - 1);
  return usage;
}

/** The estimated cell of a group of the Project table. */
function estimatedOf(browser, group) {
  return textOf(browser, `table[aria-label="Spend by Project"] tr[data-group="${group}"] [data-column="estimated"]`);
}

describe('Costs screen (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('step 1: enables profiles and refreshes prices from the AWS Price List in Settings', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;
    await openScreen(browser, 'Settings');
    const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
    await box.waitForDisplayed({ timeout: 10_000 });
    if (!(await box.isSelected())) {
      await box.click();
      await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), {
        what: 'step 1: "Saved" after enabling profiles',
      });
    }
    const refresh = await browser.$('//button[@aria-label="Refresh prices from AWS Price List" or normalize-space()="Refresh prices from AWS Price List"]');
    await refresh.waitForClickable({ timeout: 10_000 }).catch(() => {
      throw new Error('step 1: no "Refresh prices from AWS Price List" button in Settings');
    });
    await refresh.click();
    // The answer names the list's date; a failure shows as an alert beside the button.
    const outcome = await eventually(
      async () => {
        const alert = await textOf(browser, 'section[aria-labelledby="settings-prices-sources"] [role="alert"]');
        if (alert) return { alert };
        const done = await textOf(browser, '[role="status"][aria-label="Price List refresh"]');
        return /Price List of \d{4}-\d{2}-\d{2}/.test(done) ? { done } : null;
      },
      { what: 'step 1: the Price List refresh to finish', timeoutMs: 30_000 },
    );
    assert.ok(outcome.done, `step 1: the Price List refresh failed: ${outcome.alert}`);
    assert.doesNotMatch(outcome.done, /^0 models/, `step 1: the Price List priced some models: ${outcome.done}`);
  });

  it(`step 2: tags ${MARKETING} with Project=Beta on the Profiles screen`, async () => {
    const { browser } = app;
    await openScreen(browser, 'Profiles');
    const tagsButton = await browser.$(`button[aria-label="Tags of ${MARKETING}"]`);
    await tagsButton.waitForClickable({ timeout: 20_000 }).catch(() => {
      throw new Error(`step 2: ${MARKETING} is not in the Profiles table`);
    });
    await tagsButton.click();
    const dialog = await browser.$('[role="dialog"]');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    await (await buttonNamed(browser, 'Add tag', '//*[@role="dialog"]')).click();
    const keys = await dialog.$$('input[aria-label$=" key"]');
    const n = keys.length;
    await (await dialog.$(`input[aria-label="Tag ${n} key"]`)).setValue('Project');
    await (await dialog.$(`input[aria-label="Tag ${n} value"]`)).setValue('Beta');
    await (await buttonNamed(browser, 'Save tags', '//*[@role="dialog"]')).click();
    await eventually(async () => (await textOf(browser, '[role="dialog"] [role="status"]')) === 'Saved', {
      what: 'step 2: "Saved" in the tags dialog',
      timeoutMs: 20_000,
    });
    await (await buttonNamed(browser, 'Close', '//*[@role="dialog"]')).click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 5_000 });
  });

  it(`step 3: chats through ${ALPHA} and ${MARKETING}`, async () => {
    const { browser } = app;
    await openScreen(browser, 'Chat');
    await pick(browser, ALPHA);
    const first = await chat(browser, 'Summarise what Project Alpha spends on Bedrock in one sentence.', 1);
    assert.match(first, /\$\d/, `step 3: the turn through ${ALPHA} has a price (after the Price List refresh): ${first}`);
    // A conversation keeps its entry: the second profile gets a new one.
    await (await buttonNamed(browser, 'New chat')).click();
    await eventually(async () => (await browser.$$('[data-testid="usage"]')).length === 0, { what: 'step 3: an empty new chat' });
    await pick(browser, MARKETING);
    const second = await chat(browser, 'Write a one-line slogan for the marketing team.', 1);
    assert.match(second, /\$\d/, `step 3: the turn through ${MARKETING} has a price: ${second}`);
  });

  it('step 4: opens Costs by tag:Project and sees Alpha and Beta with non-zero estimates and the chart', async () => {
    const { browser } = app;
    await openScreen(browser, 'Costs');
    await (await browser.$('h1=Costs')).waitForDisplayed({ timeout: 10_000 });
    const by = await controlLabelled(browser, 'Group by', 'select');
    await eventually(async () => (await by.$('option[value="tag:Project"]')).isExisting(), {
      what: 'step 4: "Tag: Project" among the groupings',
      timeoutMs: 20_000,
    });
    await by.selectByAttribute('value', 'tag:Project');
    await (await browser.$('table[aria-label="Spend by Project"]')).waitForDisplayed({ timeout: 20_000 }).catch(() => {
      throw new Error('step 4: no "Spend by Project" table');
    });
    for (const group of ['Alpha', 'Beta']) {
      const cell = await eventually(async () => (await estimatedOf(browser, group)) || null, { what: `step 4: a ${group} row` });
      assert.match(cell, /^\$\d/, `step 4: ${group}'s estimate is a price: ${cell}`);
      assert.notEqual(Number(cell.replace(/[^0-9.]/g, '')), 0, `step 4: ${group}'s estimate is not zero: ${cell}`);
    }
    const series = await browser.execute(() => [...document.querySelectorAll('svg[data-testid="spend-chart"] rect[data-series]')].map((r) => r.getAttribute('data-series')));
    assert.ok(series.includes('Alpha') && series.includes('Beta'), `step 4: the chart has bars for Alpha and Beta: ${series.join(', ')}`);
    assert.match(await textOf(browser, '[data-testid="price-sources"]'), /AWS Price List of \d{4}-\d{2}-\d{2}/, 'step 4: the Price List is named as a price source');
    await browser.execute(() => document.querySelector('main')?.scrollTo(0, 0));
    await screenshot(browser, 'costs-screen');
  });

  it('step 5: activates the Project tag and then gets the bill beside the estimate', async () => {
    const { browser } = app;
    const status = () => textOf(browser, 'table[aria-label="Cost allocation tags"] [data-tag="Project"] [data-column="status"]');
    await eventually(async () => (await status()) !== '', { what: 'step 5: Project in the cost allocation tags', timeoutMs: 20_000 });
    if (!(await status()).startsWith('Active')) {
      const activate = await browser.$('button[aria-label="Activate Project"]');
      await activate.waitForClickable({ timeout: 10_000 }).catch(async () => {
        throw new Error(`step 5: no Activate button for Project (status ${await status()})`);
      });
      await activate.click();
      await eventually(async () => (await status()).startsWith('Active'), { what: 'step 5: Project to read Active', timeoutMs: 20_000 });
    }
    await (await buttonNamed(browser, 'Get billed costs')).click();
    await eventually(async () => (await textOf(browser, '[data-testid="billed-summary"]')) || (await textOf(browser, 'section[aria-labelledby="billed-heading"] [role="alert"]')), {
      what: 'step 5: an answer from Cost Explorer',
      timeoutMs: 30_000,
    });
    const summary = await textOf(browser, '[data-testid="billed-summary"]');
    assert.ok(summary, `step 5: the bill is available: ${await textOf(browser, 'section[aria-labelledby="billed-heading"]')}`);
    const billed = await textOf(browser, 'table[aria-label="Spend by Project"] tr[data-group="Alpha"] [data-column="billed"]');
    assert.match(billed, /^\$\d/, `step 5: Alpha's billed cell: ${billed}`);
    await browser.execute(() => document.querySelector('main')?.scrollTo(0, 0));
    await screenshot(browser, 'costs-billed');
  });

  it('step 6: creates a budget alert for Project=Alpha', async () => {
    const { browser } = app;
    const form = '//form[@aria-labelledby="budget-form-heading"]';
    await (await browser.$(form)).scrollIntoView();
    await (await controlLabelled(browser, 'Budget name')).setValue(BUDGET);
    await (await controlLabelled(browser, 'Tag key')).setValue('Project');
    await (await controlLabelled(browser, 'Tag value')).setValue('Alpha');
    await (await controlLabelled(browser, 'Monthly limit (USD)')).setValue('100');
    await (await controlLabelled(browser, 'E-mail addresses')).setValue('alpha-lead@example.com');
    await (await buttonNamed(browser, 'Create budget', form)).click();
    const row = await eventually(
      async () => {
        const error = await browser.execute((f) => document.evaluate(`${f}//*[@role="alert"]`, document, null, 9, null).singleNodeValue?.textContent ?? '', form);
        if (error) throw new Error(`step 6: the budget was refused: ${error}`);
        return (await textOf(browser, `table[aria-label="Alerts"] tr[data-alert="${BUDGET}"]`)) || null;
      },
      { what: `step 6: ${BUDGET} in the alerts list`, timeoutMs: 20_000 },
    );
    assert.match(row, /Alpha/, `step 6: the budget covers Project = Alpha: ${row}`);
    assert.match(row, /\$100\.00 a month/, `step 6: the limit: ${row}`);
    assert.match(row, /80%, 100%/, `step 6: the default thresholds: ${row}`);
  });
});
