import type { Channel } from '@tauri-apps/api/core';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { ChatEvent, Conversation, StoredMessage, TurnOutcome } from '../bindings';
import { alpha, haiku } from '../test/catalog';
import { chatBackend, message, savedConversation, typeAndSend, usage } from '../test/chat';
import { PLAIN_NOTE, RenderProbe } from './MessageView';

describe('chat', () => {
  it('streams the answer through the selected profile and shows tokens, latency and cost', async () => {
    const { calls, turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'What is a profile?');
    await waitFor(() => expect(turns).toHaveLength(1));
    const turn = turns[0]!;
    expect(turn.request.entryId).toBe(alpha.arn);
    expect(turn.request.messages).toEqual([{ role: 'user', text: 'What is a profile?', attachments: [] }]);
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
    const { turns, saves } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Are you there?');
    await waitFor(() => expect(turns).toHaveLength(1));
    const error = { kind: 'Throttled', message: 'Bedrock is throttling.', hint: 'Wait a few seconds.' } as const;
    turns[0]!.emit({ type: 'failed', error });
    turns[0]!.emit({ type: 'finished', outcome: 'failed', usage: { ...usage, costUsd: null } });
    const alert = await screen.findByRole('alert');
    // The error keeps its kind: titled by it, with what happened and what to do.
    expect(alert).toHaveAttribute('data-error-kind', 'Throttled');
    expect(within(alert).getByText('Bedrock is throttling requests')).toBeInTheDocument();
    expect(within(alert).getByText('Bedrock is throttling.')).toBeInTheDocument();
    expect(within(alert).getByText('Wait a few seconds.')).toBeInTheDocument();
    await waitFor(() => expect(saves().at(-1)?.messages[1]).toMatchObject({ outcome: 'failed', error }));
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.messages).toEqual([{ role: 'user', text: 'Are you there?', attachments: [] }]);
    turns[1]!.emit({ type: 'delta', text: 'Yes.' });
    turns[1]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(document.querySelectorAll('[data-role="user"]')).toHaveLength(1);
    expect(document.querySelector('[data-role="user"]')).toHaveTextContent('Are you there?');
  });

  it('keeps the draft when the send is refused, says why, and saves nothing', async () => {
    const { calls } = chatBackend({
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
    expect(calls.filter((c) => c.cmd === 'save_conversation')).toEqual([]);
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

  it('shows a saved answer with a stop reason it does not know as it is, and a saved error with its kind', async () => {
    const failed = savedConversation({
      messages: [
        message('user', 'How much?'),
        message('assistant', 'Not much.', { outcome: 'completed', stopReason: { other: 'a_newer_reason' }, usage }),
        message('user', 'And now?'),
        message('assistant', 'Part', { outcome: 'failed', error: { kind: 'Network', message: 'The answer stalled.', hint: null } }),
      ],
    });
    chatBackend({ saved: [failed] });
    render(<App />);
    const [first] = await screen.findAllByRole('article', { name: 'Answer' });
    expect(first).toHaveTextContent('Not much.');
    expect(screen.queryByText(/Cut at the max-token limit/)).toBeNull();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-kind', 'Network');
    expect(within(alert).getByText('Bedrock cannot be reached')).toBeInTheDocument();
    expect(within(alert).getByText('The answer stalled.')).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('reopens saved conversations', async () => {
    const saved: Conversation = {
      id: 'c1',
      title: 'Budget question',
      entryId: alpha.id,
      entryName: alpha.name,
      system: null,
      maxTokens: null,
      parameters: { temperature: null, topP: null, stopSequences: [], reasoning: 'off', serviceTier: null },
      createdMs: 1,
      updatedMs: 2,
      messages: [
        { role: 'user', text: 'How much?', outcome: null, stopReason: null, usage: null, error: null, attachments: [] },
        { role: 'assistant', text: 'Not much.', outcome: 'completed', stopReason: 'end_turn', usage, error: null, attachments: [] },
      ],
    };
    chatBackend({ saved: [saved] });
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Budget question' })).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('article', { name: 'Answer' })).toHaveTextContent('Not much.');
  });
});

const nestedList = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');

describe('answers the Markdown parser cannot take', () => {
  it.each([
    ['2,000 nested quotes', `${'> '.repeat(2000)}deep answer`],
    ['10,000 *', '*'.repeat(10000)],
    ['a 1,000-deep list', nestedList],
  ])('keep the app, the whole answer and the other messages: %s', async (_, deep) => {
    const { turns, saves } = chatBackend({ saved: [savedConversation()] });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Go deep');
    await waitFor(() => expect(turns).toHaveLength(1));
    const text = `Here it comes:\n\n${deep}\n\nThat was **all**.`;
    for (let at = 0; at < text.length; at += 4000) turns[0]!.emit({ type: 'delta', text: text.slice(at, at + 4000) });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });

    await waitFor(() => expect(saves().at(-1)?.messages[3]?.outcome).toBe('completed'));
    const [earlier, answer] = screen.getAllByRole('article', { name: 'Answer' });
    expect(answer).toHaveTextContent(PLAIN_NOTE);
    // All of it, as written: nothing swallowed by a quote, a rule or a list that never renders.
    expect(answer!.textContent).toContain(deep);
    expect(answer!.textContent).toContain('Here it comes:');
    expect(answer!.querySelector('blockquote, hr, ul')).toBeNull();
    expect(within(answer!).getByText('all').tagName).toBe('STRONG');
    expect(saves().at(-1)?.messages[3]?.text).toBe(text);
    // The app is still there, and so is the rest of the conversation, formatted.
    expect(earlier!.querySelector('strong')).toHaveTextContent('much');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Budget question' })).toBeInTheDocument();
  });
});

describe('a long streamed answer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // Parsing 500 KB of Markdown once takes seconds in jsdom on a loaded machine: a generous limit
  // for the harness, not a speed check.
  it('renders the earlier messages once, the new answer once per frame, and keeps every chunk in order', { timeout: 60_000 }, async () => {
    const renders = new Map<string, number>();
    const probe = (m: StoredMessage) => {
      const key = m.role === 'assistant' && m.text !== 'Not **much**.' ? 'streaming' : `${m.role}:${m.text}`;
      renders.set(key, (renders.get(key) ?? 0) + 1);
    };
    const { turns, saves } = chatBackend({ saved: [savedConversation()] });
    const user = userEvent.setup();
    render(
      <RenderProbe.Provider value={probe}>
        <App />
      </RenderProbe.Provider>,
    );
    await typeAndSend(user, 'Write a lot');
    await waitFor(() => expect(turns).toHaveLength(1));
    await waitFor(() => expect(saves()).toHaveLength(1));
    const earlierAnswer = renders.get('assistant:Not **much**.');
    const earlierQuestion = renders.get('user:How much?');
    expect(earlierAnswer).toBeGreaterThan(0);

    // 500 KB in 200 chunks cut anywhere (mid-word, mid-paragraph), 10 chunks per frame, each
    // chunk its own task as Tauri's channel delivers them.
    const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum *dolor* sit amet '.repeat(42)}\n\n`);
    const full = paragraphs.join('').slice(0, 500_000);
    const chunks = Array.from({ length: 200 }, (_, i) => full.slice(i * 2500, (i + 1) * 2500));
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    const before = renders.get('streaming') ?? 0;
    let frames = 0;
    chunks.forEach((chunk, i) => {
      act(() => turns[0]!.emit({ type: 'delta', text: chunk }));
      if (i % 10 === 9) {
        act(() => vi.advanceTimersToNextFrame());
        frames += 1;
      }
    });
    const streamed = (renders.get('streaming') ?? 0) - before;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThanOrEqual(frames);
    act(() => turns[0]!.emit({ type: 'finished', outcome: 'completed', usage }));
    vi.useRealTimers();

    expect(renders.get('assistant:Not **much**.')).toBe(earlierAnswer);
    expect(renders.get('user:How much?')).toBe(earlierQuestion);
    await waitFor(() => expect(saves().at(-1)?.messages[3]?.outcome).toBe('completed'));
    expect(saves().at(-1)?.messages[3]?.text).toBe(chunks.join(''));
    const answer = screen.getAllByRole('article', { name: 'Answer' })[1]!;
    expect(answer).toHaveTextContent('Paragraph 0: lorem');
    expect(answer).toHaveTextContent(/Paragraph 199: (lorem ipsum dolor sit amet ){10}/);
  });
});

describe('saving', () => {
  it('saves the conversation the moment Bedrock accepts the turn, names it in the request, and saves again at the end', async () => {
    const { calls, turns, saves } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Remember me');
    await waitFor(() => expect(saves()).toHaveLength(1));
    const first = saves()[0]!;
    expect(first.messages.map((m) => [m.role, m.text, m.outcome])).toEqual([
      ['user', 'Remember me', null],
      ['assistant', '', null],
    ]);
    expect(first.entryId).toBe(alpha.id);
    expect(turns[0]!.request.conversationId).toBe(first.id);
    // After start_chat accepted it: a refused send saves nothing (see "keeps the draft").
    expect(calls.map((c) => c.cmd).filter((c) => c === 'start_chat' || c === 'save_conversation')).toEqual(['start_chat', 'save_conversation']);

    turns[0]!.emit({ type: 'delta', text: 'Noted.' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(saves()).toHaveLength(2));
    expect(saves()[1]!.id).toBe(first.id);
    expect(saves()[1]!.messages.map((m) => [m.role, m.text, m.outcome])).toEqual([
      ['user', 'Remember me', null],
      ['assistant', 'Noted.', 'completed'],
    ]);
  });

  it('titles a conversation by code points, so an emoji at the cut leaves it saveable', async () => {
    const { saves } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    await user.click(screen.getByRole('textbox', { name: 'Message' }));
    await user.paste(`${'a'.repeat(56)}😀${'b'.repeat(10)}`);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(saves()).toHaveLength(1));
    const title = saves()[0]!.title;
    expect(title).toBe(`${'a'.repeat(56)}😀…`);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(title))).toBe(title);
  });
});

describe('long unbroken text', () => {
  it('wraps inside its message bubble, and code blocks scroll inside the answer', async () => {
    const url = `https://example.com/${'a'.repeat(3000)}`;
    const saved = savedConversation({
      messages: [
        message('user', 'x'.repeat(5000)),
        message('assistant', `${url}\n\n${'*'.repeat(40)}\n\n\`\`\`\n${'code'.repeat(1000)}\n\`\`\``, { outcome: 'completed', usage }),
      ],
    });
    chatBackend({ saved: [saved] });
    render(<App />);
    const answer = await screen.findByRole('article', { name: 'Answer' });
    const bubble = screen.getByTestId('user-text');
    expect(bubble).toHaveClass('wrap-anywhere', 'min-w-0', 'whitespace-pre-wrap');
    expect(bubble.parentElement).toHaveClass('min-w-0');
    expect(answer).toHaveClass('min-w-0');
    // `.prose-chat` wraps anywhere and lets `pre` scroll sideways (theme.css).
    const body = within(answer).getByTestId('answer-text');
    expect(body).toHaveClass('prose-chat');
    expect(body.querySelector('pre code')).toHaveTextContent('codecode');
    expect(body).toHaveTextContent(url);
    // A row of 40 `*` is beyond the nesting limit: shown as written, in the wrapping plain style.
    expect(body.querySelector('pre.plain-text')).toHaveTextContent('*'.repeat(40));
  });
});

describe('the entry of a conversation', () => {
  async function pick(user: ReturnType<typeof userEvent.setup>, name: string) {
    await user.click(await screen.findByRole('button', { name: /^Model:/ }));
    const listbox = await screen.findByRole('listbox', { name: 'Models and profiles' });
    const option = (await within(listbox).findAllByRole('option')).find((o) => o.textContent?.includes(name));
    await user.click(option!);
    await waitFor(() => expect(screen.getByRole('button', { name: /^Model:/ })).toHaveAccessibleName(`Model: ${name}`));
  }

  it('stays the one it was started with when the picker changes, for sends and retries; a new chat takes the pick', async () => {
    const { turns } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'First');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    await screen.findByTestId('usage');

    await pick(user, haiku.name);
    expect(screen.getByTestId('chat-target')).toHaveTextContent(`To ${alpha.name}`);
    expect(screen.getByTestId('chat-target')).toHaveTextContent('billed to Project=Alpha');
    const notice = screen.getByTestId('entry-notice');
    expect(notice).toHaveTextContent(`This chat uses ${alpha.name}.`);

    await typeAndSend(user, 'Second');
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.entryId).toBe(alpha.id);
    turns[1]!.emit({ type: 'failed', error: { kind: 'Throttled', message: 'Slow down.', hint: null } });
    turns[1]!.emit({ type: 'finished', outcome: 'failed', usage: { ...usage, costUsd: null } });
    await user.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(turns).toHaveLength(3));
    expect(turns[2]!.request.entryId).toBe(alpha.id);
    turns[2]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument());

    await user.click(within(screen.getByTestId('entry-notice')).getByRole('button', { name: `Start a new chat with ${haiku.name}` }));
    expect(screen.queryByTestId('entry-notice')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    await typeAndSend(user, 'Third', haiku.name);
    await waitFor(() => expect(turns).toHaveLength(4));
    expect(turns[3]!.request.entryId).toBe(haiku.id);
    expect(turns[3]!.request.messages).toEqual([{ role: 'user', text: 'Third', attachments: [] }]);
  });

  it('is still used when it has left the model list (the backend says if it is gone)', async () => {
    const gone = savedConversation({
      entryId: 'arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/gone00000001',
      entryName: 'retired-profile',
    });
    const { turns } = chatBackend({ saved: [gone] });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Still there?', 'retired-profile');
    expect(screen.getByTestId('chat-target')).toHaveTextContent('not in the model list now');
    await waitFor(() => expect(turns).toHaveLength(1));
    expect(turns[0]!.request.entryId).toBe(gone.entryId);
    expect(turns[0]!.request.messages).toEqual([
      { role: 'user', text: 'How much?', attachments: [] },
      { role: 'assistant', text: 'Not **much**.', attachments: [], reasoning: null },
      { role: 'user', text: 'Still there?', attachments: [] },
    ]);
  });
});

describe('stopping and ending early', () => {
  it('stops a turn pressed before its request id arrived, as soon as the id arrives', async () => {
    let accept: (id: string) => void = () => undefined;
    let channel: Channel<ChatEvent> | undefined;
    const { calls } = chatBackend({
      startChat: (args) => {
        channel = args.onEvent as Channel<ChatEvent>;
        return new Promise<string>((resolve) => (accept = resolve));
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Never mind');
    // Escape in the message box is Stop's keyboard path.
    await screen.findByRole('button', { name: 'Stop' });
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('button', { name: 'Stopping' })).toHaveAttribute('aria-disabled', 'true');
    expect(calls.filter((c) => c.cmd === 'cancel_chat')).toEqual([]);

    accept('req-early');
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cancel_chat').map((c) => c.args)).toEqual([{ requestId: 'req-early' }]));
    channel!.onmessage({ type: 'finished', outcome: 'interrupted', usage: { ...usage, inputTokens: null, outputTokens: null, costUsd: null } });
    expect(await screen.findByText('Stopped — the answer above is partial.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeInTheDocument();
    expect(document.querySelector('[data-role="user"]')).toHaveTextContent('Never mind');
  });

  it('says when an answer ended early, keeps it, and retries it', async () => {
    const { turns, saves } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Tell me');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'delta', text: 'Half an ans' });
    // `endedEarly` is new in the backend's TurnOutcome; the bindings list it once regenerated.
    turns[0]!.emit({ type: 'finished', outcome: 'endedEarly' as TurnOutcome, usage });
    const status = (await screen.findByText('The answer ended early — it may be incomplete.')).parentElement!;
    expect(screen.getByRole('article', { name: 'Answer' })).toHaveTextContent('Half an ans');
    await waitFor(() => expect(saves().at(-1)?.messages[1]).toMatchObject({ text: 'Half an ans', outcome: 'endedEarly' }));

    await user.click(within(status).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(turns).toHaveLength(2));
    expect(turns[1]!.request.entryId).toBe(alpha.id);
    expect(turns[1]!.request.messages).toEqual([{ role: 'user', text: 'Tell me', attachments: [] }]);
  });
});

describe('leaving the chat screen', () => {
  it('keeps the streaming answer and the draft while Settings is open', async () => {
    const { turns, saves } = chatBackend();
    const user = userEvent.setup();
    render(<App />);
    await typeAndSend(user, 'Explain tags');
    await waitFor(() => expect(turns).toHaveLength(1));
    turns[0]!.emit({ type: 'delta', text: 'Tags are ' });
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'And then?');

    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings' });
    turns[0]!.emit({ type: 'delta', text: 'key=value pairs.' });
    turns[0]!.emit({ type: 'finished', outcome: 'completed', usage });
    await waitFor(() => expect(saves().at(-1)?.messages[1]).toMatchObject({ text: 'Tags are key=value pairs.', outcome: 'completed' }));

    await user.click(screen.getByRole('button', { name: 'Strata home' }));
    expect(await screen.findByRole('article', { name: 'Answer' })).toHaveTextContent('Tags are key=value pairs.');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('And then?');
  });
});
