// Chat features in the real window, in demo mode, through the guide's profile prod-claude-sonnet
// (Claude Sonnet 4.5 in the emulator's demo seed: images, reasoning, prompt caching): attach an
// image and see it in the sent message; turn reasoning on and see the reasoning block; send a
// message long enough to be cached, then another, and see the second answer read the cache.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, screenshot, startApp } from './harness.mjs';

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

function usageLines(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="usage"]')].map((u) => u.textContent ?? ''));
}

/** `wait`, failing with the notices on screen (a refused send says why there). */
async function saying(browser, wait) {
  try {
    return await wait;
  } catch (e) {
    const notices = await browser.execute(() => [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent).join(' | '));
    throw new Error(`${e.message}${notices ? ` (on screen: ${notices})` : ''}`, { cause: e });
  }
}

async function send(browser, text) {
  const message = await browser.$('textarea[aria-label="Message"]');
  await message.waitForDisplayed({ timeout: 5_000 });
  // Set in the page, not typed: a 1,500-word message typed key by key would take minutes.
  await browser.execute((t) => {
    const box = document.querySelector('textarea[aria-label="Message"]');
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setter?.call(box, t);
    box?.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await eventually(async () => (await message.getValue()) === text, { what: 'the draft' });
  await (await browser.$('button[aria-label="Send"]')).click();
}

async function answered(browser, count) {
  return eventually(async () => {
    const lines = await usageLines(browser);
    return lines.length >= count && lines;
  }, { what: `usage line ${count}`, timeoutMs: 60_000 });
}

async function newChat(browser) {
  await (await browser.$('//button[normalize-space()="New chat"]')).click();
}

describe('chat features through an application profile (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('sends an image, shows reasoning, and reads the prompt cache on the second turn', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;

    await (await browser.$('button[aria-label="Settings"]')).click();
    const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
    await box.waitForDisplayed({ timeout: 10_000 });
    await box.click();
    await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), { what: 'Saved' });
    const caching = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Prompt caching"]/@for]');
    assert.equal(await caching.isSelected(), true, 'Prompt caching is on by default');
    await (await browser.$('button[aria-label="Strata home"]')).click();

    await (await browser.$('button[aria-label^="Model:"]')).click();
    const search = await browser.$('[role="combobox"]');
    await search.waitForDisplayed({ timeout: 10_000 });
    await search.setValue('prod-claude-sonnet');
    await eventually(
      async () =>
        (await browser.execute(() => document.querySelector('[role="option"] .truncate')?.textContent)) === 'prod-claude-sonnet',
      { what: 'the search to find prod-claude-sonnet' },
    );
    await browser.keys('Enter');
    const picker = await browser.$('button[aria-label^="Model:"]');
    await eventually(async () => (await picker.getAttribute('aria-label')) === 'Model: prod-claude-sonnet', { what: 'the selection' });

    // 1. An image, set on the file input as a drop or the file button would.
    await (await browser.$('textarea[aria-label="Message"]')).waitForDisplayed({ timeout: 5_000 });
    await browser.execute((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dot.png', { type: 'image/png' }));
      const input = document.querySelector('input[data-testid="attach-input"]');
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, PNG);
    await eventually(async () => (await textOf(browser, 'ul[aria-label="Attachments"]')).includes('dot.png'), { what: 'the attachment chip' });
    await send(browser, 'What is in this picture?');
    const src = await saying(
      browser,
      eventually(() => browser.execute(() => document.querySelector('[data-role="user"] img[alt="dot.png"]')?.getAttribute('src') ?? ''), {
        what: 'the thumbnail in the sent message',
      }),
    );
    assert.equal(src, `data:image/png;base64,${PNG}`);
    const first = await saying(browser, answered(browser, 1));
    assert.doesNotMatch(first[0], /\$0$/, 'never $0 for a turn');
    await screenshot(browser, 'chat-image');

    // 2. Reasoning on (medium), in a new chat.
    await newChat(browser);
    await (await browser.$('button[data-testid="options-button"]')).click();
    const medium = await browser.$('//div[@role="radiogroup"][@aria-label="Reasoning"]//button[starts-with(normalize-space(), "Medium")]');
    await medium.waitForDisplayed({ timeout: 10_000 });
    await medium.click();
    await (await browser.$('button[data-testid="options-button"]')).click();
    await send(browser, 'Which is cheaper for a team, on-demand or provisioned throughput?');
    await saying(
      browser,
      eventually(async () => (await textOf(browser, '[data-testid="reasoning"]')).includes('Reasoning'), {
        what: 'the reasoning block',
        timeoutMs: 30_000,
      }),
    );
    await answered(browser, 1);
    const reasoning = await browser.$('[data-testid="reasoning"] button');
    assert.equal(await reasoning.getAttribute('aria-expanded'), 'false', 'collapsed once answered');
    await reasoning.click();
    assert.ok((await textOf(browser, '[data-testid="reasoning-text"]')).trim().length > 0, 'the reasoning has text');
    await screenshot(browser, 'chat-reasoning');

    // 3. The prompt cache: a first message over Sonnet 4.5's 1,024-token minimum, then a second.
    await newChat(browser);
    const words = Array.from({ length: 1600 }, (_, i) => `word${i % 97}`).join(' ');
    await send(browser, `Please keep this list in mind: ${words}`);
    await answered(browser, 1);
    await send(browser, 'Thanks. How many words was that?');
    const lines = await saying(browser, answered(browser, 2));
    const read = /([\d,]+) cached read/.exec(lines[1]);
    assert.ok(read, `the second answer's usage shows cache tokens: ${lines[1]}`);
    assert.ok(Number(read[1].replaceAll(',', '')) > 1024, `the second turn read the first from the cache: ${lines[1]}`);
    assert.match(await textOf(browser, '[data-testid="conversation-totals"]'), /cached read · [\d,]+ written · caching saved/);
    await screenshot(browser, 'chat-cache');
  });
});
