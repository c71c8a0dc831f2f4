import type { Channel } from '@tauri-apps/api/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { ChatEvent, ChatRequest, Conversation, TurnUsage } from '../bindings';
import { alpha, catalogBackend, listOf, haiku } from '../test/catalog';

const usage: TurnUsage = { inputTokens: 12, outputTokens: 34, latencyMs: 420, ttftMs: 95, costUsd: 0.000513, pricedAs: 'x' };

interface Turn {
  request: ChatRequest;
  emit: (e: ChatEvent) => void;
}

/** A backend whose start_chat hands each turn to the test, which then plays Bedrock's events. */
function chatBackend(opts: { startChat?: (args: Record<string, unknown>) => unknown; saved?: Conversation[] } = {}) {
  const turns: Turn[] = [];
  const calls = catalogBackend({
    list: listOf([alpha, haiku]),
    settings: { selectedModelId: alpha.id },
    handlers: {
      list_conversations: () => opts.saved ?? [],
      save_conversation: () => null,
      delete_conversation: () => true,
      cancel_chat: () => true,
      start_chat: (args) => {
        if (opts.startChat) return opts.startChat(args ?? {});
        const channel = args?.onEvent as Channel<ChatEvent>;
        turns.push({ request: args?.request as ChatRequest, emit: (e) => channel.onmessage(e) });
        return `req-${turns.length}`;
      },
    },
  });
  return { calls, turns };
}

async function typeAndSend(user: ReturnType<typeof userEvent.setup>, text: string) {
  const box = await screen.findByRole('textbox', { name: 'Message' });
  await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
  await user.type(box, text);
  await user.keyboard('{Enter}');
}

describe('chat', () => {
  it('streams the answer through the selected profile and shows tokens, latency and cost', async () => {
    const { calls, turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'What is a profile?');
    await waitFor(() => expect(turns).toHaveLength(1));
    const turn = turns[0]!;
    expect(turn.request.entryId).toBe(alpha.arn);
    expect(turn.request.messages).toEqual([{ role: 'user', text: 'What is a profile?' }]);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    expect(screen.getByTestId('chat-target')).toHaveTextContent('billed to Project=Alpha');

    turn.emit({ type: 'started', modelId: alpha.arn });
    turn.emit({ type: 'delta', text: 'A profile **tracks** ' });
    const answer = await screen.findByRole('article', { name: 'Answer' });
    await waitFor(() => expect(answer).toHaveTextContent('A profile tracks'));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    turn.emit({ type: 'delta', text: 'spend.' });
    turn.emit({ type: 'stopped', reason: 'end_turn' });
    turn.emit({ type: 'finished', outcome: 'completed', usage });

    await waitFor(() => expect(within(answer).getByTestId('usage')).toHaveTextContent('12 in · 34 out tokens · 420 ms · first token 95 ms · $0.00051'));
    expect(answer.querySelector('strong')).toHaveTextContent('tracks');
    expect(screen.getByTestId('conversation-totals')).toHaveTextContent('1 answer · 12 in · 34 out tokens · $0.00051');
    await waitFor(() => {
      const saves = calls.filter((c) => c.cmd === 'save_conversation');
      const last = (saves[saves.length - 1]?.args as { conversation: Conversation }).conversation;
      expect(last.messages.map((m) => [m.role, m.text, m.outcome])).toEqual([
        ['user', 'What is a profile?', null],
        ['assistant', 'A profile **tracks** spend.', 'completed'],
      ]);
    });
  });

  it('renders model output as text, never as HTML', async () => {
    const { turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'hi');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'delta', text: 'ok <img src=x onerror="window.hacked=1"> <script>window.hacked=2</script> [link](https://evil.example) ![pic](https://evil.example/p.png)' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    const answer = await screen.findByRole('article', { name: 'Answer' });
    await waitFor(() => expect(answer).toHaveTextContent('ok'));
    expect(answer.querySelector('img, script, a')).toBeNull();
    expect(answer).toHaveTextContent('[image: pic]');
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it('stops a running answer and keeps it, marked as interrupted', async () => {
    const { calls, turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Tell me a long story');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'delta', text: 'Once upon a time' });
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'cancel_chat')?.args).toEqual({ requestId: 'req-1' }));
    turns[0]!.emit({ type: 'finished', outcome: 'interrupted', usage: { ...usage, inputTokens: null, outputTokens: null, costUsd: null } });
    expect(await screen.findByText('Stopped — the answer above is partial.')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Answer' })).toHaveTextContent('Once upon a time');
    expect(screen.getByTestId('usage')).toHaveTextContent('tokens unknown');
    expect(screen.getByTestId('usage')).toHaveTextContent('cost unknown');
  });

  it('keeps the message of a failed turn and retries it', async () => {
    const { turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Are you there?');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'failed', error: { kind: 'Throttled', message: 'Bedrock is throttling.', hint: 'Wait a few seconds.' } });
    turns[0]!.emit({ type: 'finished', outcome: 'failed', usage: { ...usage, costUsd: null } });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Bedrock is throttling. Wait a few seconds.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.messages).toEqual([{ role: 'user', text: 'Are you there?' }]);
    turns[1]!.emit({ type: 'delta', text: 'Yes.' });
    turns[1]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(document.querySelectorAll('[data-role="user"]')).toHaveLength(1);
    expect(document.querySelector('[data-role="user"]')).toHaveTextContent('Are you there?');
  });

  it('keeps the draft when the send is refused, and says why', async () => {
    chatBackend({
      startChat: () => {
        throw { kind: 'NotFound', message: 'That profile is not in the model list.', hint: 'Refresh the model list.' };
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Keep me');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That profile is not in the model list.');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('Keep me');
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('says when an answer was cut at the max-token limit', async () => {
    const { turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Long please');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'delta', text: 'Short' });
    turns[0]!.emit({ type: 'stopped', reason: 'max_tokens' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    expect(await screen.findByText(/Cut at the max-token limit/)).toBeInTheDocument();
  });

  it('reopens saved conversations', async () => {
    const saved: Conversation = {
      id: 'c1',
      title: 'Budget question',
      entryId: alpha.id,
      entryName: alpha.name,
      system: null,
      maxTokens: null,
      createdMs: 1,
      updatedMs: 2,
      messages: [
        { role: 'user', text: 'How much?', outcome: null, stopReason: null, usage: null, error: null },
        { role: 'assistant', text: 'Not much.', outcome: 'completed', stopReason: 'end_turn', usage, error: null },
      ],
    };
    chatBackend({ saved: [saved] });
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Budget question' })).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('article', { name: 'Answer' })).toHaveTextContent('Not much.');
  });
});
