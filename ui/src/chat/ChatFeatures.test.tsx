import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { Conversation } from '../bindings';
import { alpha, haiku, listOf } from '../test/catalog';
import { chatBackend, savedConversation, typeAndSend, usage } from '../test/chat';
import { featuresOf, novaPro, sonnet45, textOnly } from '../test/features';

// The 8 bytes of the PNG signature are enough: the UI reads and sends the bytes as they are.
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_BASE64 = 'iVBORw0KGgo=';

function png(name = 'chart.png') {
  return new File([PNG_BYTES], name, { type: 'image/png' });
}

const withSonnet = { [alpha.id]: featuresOf(alpha.id, sonnet45) };

async function openOptions(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /^Options/ }));
  return screen.getByRole('group', { name: 'Chat options' });
}

describe('attachments', () => {
  it('attaches an image with the file button, shows it in the sent message, and sends and saves it', async () => {
    const { turns, saves } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    await user.upload(screen.getByTestId('attach-input'), png());
    const chips = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(chips).getByText('chart.png')).toBeInTheDocument();
    await typeAndSend(user, 'What does this chart say?');
    await waitFor(() => expect(turns).toHaveLength(1));
    const sent = turns[0]!.request.messages.at(-1)!;
    expect(sent.attachments).toEqual([{ name: 'chart.png', kind: 'image', format: 'png', data: PNG_BASE64, size: 8 }]);
    const thumb = await screen.findByRole('img', { name: 'chart.png' });
    expect(thumb).toHaveAttribute('src', `data:image/png;base64,${PNG_BASE64}`);
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
    turns[0]!.emit({ type: 'delta', text: 'Up.' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(saves().at(-1)?.messages[0]?.attachments).toEqual(sent.attachments));
  });

  it('attaches an image pasted from the clipboard and removes one with its chip button', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    const box = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    fireEvent.paste(box, { clipboardData: { files: [png('one.png'), png('two.png')], types: ['Files'] } });
    const chips = await screen.findByRole('list', { name: 'Attachments' });
    await waitFor(() => expect(within(chips).getAllByRole('listitem')).toHaveLength(2));
    await user.click(within(chips).getByRole('button', { name: 'Remove one.png' }));
    await typeAndSend(user, 'And this?');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.messages.at(-1)!.attachments.map((a) => a.name)).toEqual(['two.png']);
    expect(await screen.findByRole('img', { name: 'two.png' })).toBeInTheDocument();
  });

  it('retries a failed turn with the same attachments and parameters', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    await user.click(await within(panel).findByRole('radio', { name: /Low/ }));
    await user.upload(screen.getByTestId('attach-input'), png());
    await screen.findByRole('list', { name: 'Attachments' });
    await typeAndSend(user, 'Read it');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'failed', error: { kind: 'Throttled', message: 'Slow down.', hint: null } });
    turns[0]!.emit({ type: 'finished', outcome: 'failed', usage: { ...usage, costUsd: null } });
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.messages).toEqual(turns[0]!.request.messages);
    expect(turns[1]!.request.reasoningBudget).toBe(2048);
    expect(screen.getAllByRole('img', { name: 'chart.png' })).toHaveLength(1);
  });

  it('attaches a file dropped onto the composer', async () => {
    chatBackend({ features: withSonnet });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    const notes = new File(['# Notes'], 'notes.md', { type: '' });
    fireEvent.drop(screen.getByRole('form', { name: 'Message' }), { dataTransfer: { files: [notes], types: ['Files'] } });
    const chips = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(chips).getByText('notes.md')).toBeInTheDocument();
    expect(within(chips).getByText('7 B')).toBeInTheDocument();
  });

  it('refuses an image for a text-only model before sending, naming the file, and keeps the draft and the file', async () => {
    const { turns, calls } = chatBackend({ features: { [alpha.id]: featuresOf(alpha.id, textOnly) } });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(calls.some((c) => c.cmd === 'chat_features')).toBe(true));
    await user.upload(screen.getByTestId('attach-input'), png());
    await screen.findByRole('list', { name: 'Attachments' });
    await typeAndSend(user, 'Describe it');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('chart.png is an image, and this model takes text only');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('Describe it');
    expect(within(screen.getByRole('list', { name: 'Attachments' })).getByText('chart.png')).toBeInTheDocument();
    expect(turns).toHaveLength(0);
  });

  it('refuses a document over 4.5 MB with the limit in the message', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    const big = new File([new Uint8Array(5_000_000)], 'report.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByTestId('attach-input'), big);
    await screen.findByRole('list', { name: 'Attachments' });
    await typeAndSend(user, 'Summarise');
    expect(await screen.findByRole('alert')).toHaveTextContent('report.pdf is 5.00 MB: a document may be at most 4.5 MB.');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('Summarise');
    expect(turns).toHaveLength(0);
  });
});

describe('reasoning', () => {
  it('is offered only for models with reasoning', async () => {
    chatBackend({ features: { [alpha.id]: featuresOf(alpha.id, textOnly) } });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    await waitFor(() => expect(within(panel).getByLabelText(/^Max tokens/)).toHaveAttribute('placeholder', "512 (the model's default)"));
    expect(within(panel).queryByRole('radiogroup', { name: 'Reasoning' })).toBeNull();
    expect(within(panel).getByText('Max tokens (up to 8,192)')).toBeInTheDocument();
  });

  it('sends the level’s budget, streams the reasoning open, collapses it after, and sends its signature and redacted parts back', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    const levels = await within(panel).findByRole('radiogroup', { name: 'Reasoning' });
    expect(within(levels).getAllByRole('radio').map((r) => r.textContent)).toEqual(['Off', 'Low · 2,048 tokens', 'Medium · 8,192 tokens', 'High · 24,576 tokens']);
    await user.click(within(levels).getByRole('radio', { name: /Medium/ }));
    expect(within(panel).getByLabelText('Temperature')).toBeDisabled();
    expect(within(panel).getByText('Off while reasoning is on (the model then takes no temperature).')).toBeInTheDocument();
    await typeAndSend(user, 'Think about it');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.reasoningBudget).toBe(8192);
    expect(turns[0]!.request.temperature).toBeNull();

    turns[0]!.emit({ type: 'reasoningDelta', text: 'First, the ' });
    turns[0]!.emit({ type: 'reasoningDelta', text: 'costs.' });
    const block = await screen.findByTestId('reasoning');
    await waitFor(() => expect(within(block).getByTestId('reasoning-text')).toHaveTextContent('First, the costs.'));
    expect(within(block).getByRole('button', { name: /Reasoning/ })).toHaveAttribute('aria-expanded', 'true');
    turns[0]!.emit({ type: 'reasoningSignature', signature: 'sig-1' });
    turns[0]!.emit({ type: 'reasoningRedacted', data: 'ZW5jcnlwdGVk' });
    turns[0]!.emit({ type: 'delta', text: 'It is cheap.' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage: { ...usage, reasoningTokens: 20 } });
    await waitFor(() => expect(within(block).getByRole('button', { name: /Reasoning/ })).toHaveAttribute('aria-expanded', 'false'));
    expect(block).toHaveTextContent('20 tokens');
    expect(block).toHaveTextContent('1 encrypted part');
    expect(within(block).queryByTestId('reasoning-text')).toBeNull();
    await user.click(within(block).getByRole('button', { name: /Reasoning/ }));
    expect(within(block).getByTestId('reasoning-text')).toHaveTextContent('First, the costs.');
    expect(screen.getByTestId('usage')).toHaveTextContent('20 reasoning');

    await typeAndSend(user, 'And then?');
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.messages[1]).toEqual({
      role: 'assistant',
      text: 'It is cheap.',
      attachments: [],
      reasoning: { text: 'First, the costs.', signature: 'sig-1', redacted: ['ZW5jcnlwdGVk'] },
    });
  });
});

describe('unknown features', () => {
  it('show the plain options and never block sending', async () => {
    const { turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    expect(within(panel).getByLabelText('System prompt')).toBeInTheDocument();
    expect(within(panel).getByLabelText(/^Max tokens/)).toHaveAttribute('placeholder', "the model's default");
    expect(within(panel).getByLabelText('Temperature')).toBeEnabled();
    expect(within(panel).queryByRole('radiogroup', { name: 'Reasoning' })).toBeNull();
    await user.type(within(panel).getByLabelText('Temperature'), '0.3');
    await typeAndSend(user, 'Plain');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request).toMatchObject({ temperature: 0.3, reasoningBudget: null, serviceTier: null });
  });
});

describe('an unknown model', () => {
  it('is not assumed text-only: its image goes to the backend, which decides', async () => {
    const unknown = { ...textOnly, known: false, modelId: null, imageInput: false, documentInput: false };
    const { turns } = chatBackend({ features: { [alpha.id]: featuresOf(alpha.id, unknown, null) } });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    await user.upload(screen.getByTestId('attach-input'), png());
    await screen.findByRole('list', { name: 'Attachments' });
    await typeAndSend(user, 'Look');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.messages.at(-1)!.attachments).toHaveLength(1);
  });
});

describe('usage and tiers', () => {
  it('shows the cache tokens of the second answer and what caching saved in the totals', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'A long question');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.promptCache).toBe(true);
    turns[0]!.emit({ type: 'delta', text: 'One.' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage: { ...usage, cacheReadTokens: 0, cacheWriteTokens: 1204, cacheSavedUsd: -0.001 } });
    await typeAndSend(user, 'Again');
    await waitFor(() => expect(turns).toHaveLength(2));
    turns[1]!.emit({ type: 'delta', text: 'Two.' });
    turns[1]!.emit({ type: 'finished', outcome: 'completed', usage: { ...usage, cacheReadTokens: 1204, cacheWriteTokens: 0, cacheSavedUsd: 0.0035 } });
    await waitFor(() => expect(screen.getAllByTestId('usage')).toHaveLength(2));
    expect(screen.getAllByTestId('usage')[1]).toHaveTextContent('1,204 cached read · 0 written');
    expect(screen.getByTestId('conversation-totals')).toHaveTextContent('1,204 cached read · 1,204 written · caching saved $0.0025');
  });

  it('says a saving is unknown rather than leaving it out', async () => {
    const saved = savedConversation();
    saved.messages[1] = { ...saved.messages[1]!, usage: { ...usage, cacheReadTokens: 500, cacheWriteTokens: 0, cacheSavedUsd: null } };
    chatBackend({ saved: [saved] });
    render(<App />);
    expect(await screen.findByTestId('conversation-totals')).toHaveTextContent('500 cached read · 0 written · caching saved: unknown');
  });

  it('says the totals’ cost is unknown when no answer was priced, never $0', async () => {
    const saved = savedConversation();
    saved.messages[1] = { ...saved.messages[1]!, usage: { ...usage, costUsd: null } };
    chatBackend({ saved: [saved] });
    render(<App />);
    const totals = await screen.findByTestId('conversation-totals');
    expect(totals).toHaveTextContent('1 answer · 12 in · 34 out tokens · cost unknown');
    expect(totals).not.toHaveTextContent('$0');
  });

  it('offers a service tier only where the model lists one, with its price difference, and shows the tier that served', async () => {
    const { turns } = chatBackend({ list: listOf([alpha, haiku]), features: { [alpha.id]: featuresOf(alpha.id, novaPro), [haiku.id]: featuresOf(haiku.id, textOnly, null) } });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    const tiers = await within(panel).findByRole('group', { name: 'Service tier' });
    expect(within(tiers).getByTestId('tier-price-priority')).toHaveTextContent('$5.25 in · $26.25 out per million tokens (standard $3.00 / $15.00)');
    expect(within(tiers).getByTestId('tier-price-flex')).toHaveTextContent('$1.50 in · $7.50 out per million tokens');
    await user.click(within(tiers).getByRole('radio', { name: /Priority/ }));
    await typeAndSend(user, 'Fast, please');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.serviceTier).toBe('priority');
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage: { ...usage, serviceTier: 'priority' } });
    expect(await screen.findByTestId('usage')).toHaveTextContent('priority tier');
  });

  it('offers no tier for a model without tiers', async () => {
    chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    await within(panel).findByRole('radiogroup', { name: 'Reasoning' });
    expect(within(panel).queryByRole('group', { name: 'Service tier' })).toBeNull();
  });
});

describe('parameters', () => {
  it('are saved with the conversation and restored when it is opened again', async () => {
    const other: Conversation = savedConversation({ id: 'c2', title: 'Other chat' });
    const { turns, saves } = chatBackend({ saved: [savedConversation(), other], features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId('conversation-totals');
    const panel = await openOptions(user);
    await user.click(await within(panel).findByRole('radio', { name: /High/ }));
    const stop = within(panel).getByLabelText(/^Stop sequences/);
    await user.type(stop, 'END{Enter}');
    await user.type(within(panel).getByLabelText(/^Max tokens/), '30000');
    await typeAndSend(user, 'Go on');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request).toMatchObject({ maxTokens: 30000, stopSequences: ['END'], reasoningBudget: 24576 });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(saves().at(-1)?.parameters).toMatchObject({ reasoning: 'high', stopSequences: ['END'] }));

    await user.click(screen.getByRole('button', { name: 'Other chat' }));
    expect(screen.getByRole('button', { name: /^Options/ })).toHaveTextContent(/^Options$/);
    expect(within(panel).getByLabelText(/^Max tokens/)).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Budget question' }));
    expect(screen.getByRole('button', { name: /^Options/ })).toHaveTextContent('Options (reasoning high)');
    expect(within(panel).getByLabelText(/^Max tokens/)).toHaveValue('30000');
    expect(within(panel).getByText('"END"')).toBeInTheDocument();
    // Much typing: more time than the default on a busy machine.
  }, 20_000);

  it('enforces the model’s max-token limit', async () => {
    const { turns } = chatBackend({ features: withSonnet });
    const user = userEvent.setup();
    render(<App />);
    const panel = await openOptions(user);
    await within(panel).findByText('Max tokens (up to 64,000)');
    await user.type(within(panel).getByLabelText(/^Max tokens/), '70000');
    expect(screen.getByTestId('options-problem')).toHaveTextContent('Max tokens can be at most 64,000 for this model.');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hi{Enter}');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(turns).toHaveLength(0);
  });

  it('follows the Prompt caching setting', async () => {
    const { turns } = chatBackend({ features: withSonnet, settings: { selectedModelId: alpha.id, promptCaching: false } });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'No cache');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.promptCache).toBe(false);
  });
});
