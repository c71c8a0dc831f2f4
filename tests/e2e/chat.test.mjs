// Chat in the real window, in demo mode: pick one of the guide's application profiles, send a
// message, watch the answer stream in with its tokens and cost, and find the turn in the usage
// ledger with the profile's ARN and tags.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { APP, eventually, screenshot, startApp } from './harness.mjs';

function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? '', selector);
}

describe('chat through an application profile (demo mode)', () => {
  let app;
  after(async () => {
    await app?.stop();
  });

  it('streams an answer with tokens and cost, and records the turn with the profile tags', async () => {
    app = await startApp({ args: ['--demo'] });
    const { browser } = app;

    // Turn profiles on, then pick one in the picker.
    await (await browser.$('button[aria-label="Settings"]')).click();
    const box = await browser.$('//input[@type="checkbox"][@id=//label[normalize-space()="Enable Inference Profiles"]/@for]');
    await box.waitForDisplayed({ timeout: 10_000 });
    await box.click();
    await eventually(async () => (await textOf(browser, 'section[aria-labelledby="settings-aws"]')).includes('Saved'), { what: 'Saved' });
    await (await browser.$('button[aria-label="Strata home"]')).click();

    await (await browser.$('button[aria-label^="Model:"]')).click();
    const search = await browser.$('[role="combobox"]');
    await search.waitForDisplayed({ timeout: 10_000 });
    await search.setValue('Environment=Development');
    await eventually(
      async () =>
        (await browser.execute(() =>
          [...document.querySelectorAll('[role="option"]')].map((o) => o.querySelector('.truncate')?.textContent).join('|'),
        )) === 'dev-claude-haiku',
      { what: 'the tag search to find dev-claude-haiku' },
    );
    await browser.keys('Enter');
    const picker = await browser.$('button[aria-label^="Model:"]');
    await eventually(async () => (await picker.getAttribute('aria-label')) === 'Model: dev-claude-haiku', { what: 'the selection' });

    const message = await browser.$('textarea[aria-label="Message"]');
    await message.waitForDisplayed({ timeout: 5_000 });
    // A long question: the demo's answer quotes it, so the stream lasts a couple of seconds.
    await message.setValue(
      'What does an application inference profile do, how are its tags used by Cost Explorer to allocate ' +
        'what each project, department and cost centre spends, and how is it different from a cross-region ' +
        'system-defined inference profile that routes requests between several AWS regions?',
    );
    await browser.keys('Enter');

    // The answer streams in (demo pacing: ~300 ms to the first words, then a chunk every 20 ms).
    // Seen mid-stream: text is there and the usage line (sent at the end) is not yet.
    const partial = await eventually(async () => {
      const [t, u] = await browser.execute(() => [
        document.querySelector('article[aria-label="Answer"] .prose-chat')?.textContent ?? '',
        document.querySelector('[data-testid="usage"]')?.textContent ?? '',
      ]);
      return t.length > 0 && u === '' && t;
    }, { what: 'the first words of the answer, before its end', timeoutMs: 15_000 });
    const usage = await eventually(async () => {
      const t = await textOf(browser, '[data-testid="usage"]');
      return t.length > 0 && t;
    }, { what: 'the usage line', timeoutMs: 30_000 });
    const full = await textOf(browser, 'article[aria-label="Answer"] .prose-chat');
    assert.ok(full.length > partial.length, 'the answer grew while streaming');
    assert.match(usage, /\d+ in · \d+ out tokens · \d+ ms · first token \d+ ms · \$0\.0\d+/);
    assert.match(await textOf(browser, '[data-testid="conversation-totals"]'), /1 answer · \d+ in · \d+ out tokens · \$/);
    await screenshot(browser, 'chat-answer');

    // The ledger is in the app's database; `strata usage --export jsonl` reads it as a second
    // process would, beside the running window.
    const exported = execFileSync(APP, ['usage', '--export', 'jsonl'], { env: { ...process.env, ...app.env } });
    const lines = String(exported).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    const [turn] = lines;
    assert.equal(turn.entryName, 'dev-claude-haiku');
    assert.match(turn.profileArn, /:application-inference-profile\/[a-z0-9]{12}$/);
    assert.equal(turn.entryId, turn.profileArn);
    assert.equal(turn.outcome, 'completed');
    assert.ok(turn.costUsd > 0);
    assert.deepEqual(
      turn.tags.map((t) => `${t.key}=${t.value}`).sort(),
      ['CostOptimized=true', 'Environment=Development'],
    );
  });
});
