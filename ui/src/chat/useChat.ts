// The chat's state: the saved conversations, the open one, and the turn in flight. A turn streams
// into the open conversation; it is saved as soon as Bedrock accepted it and again when it ends,
// so conversations survive restarts and crashes. The user's message is never lost: a rejected
// send keeps the draft, a failed turn keeps the message with a Retry.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Attachment, ChatMessage, ChatParameters, ChatRequest, Conversation, IpcError, Reasoning, StoredMessage } from '../bindings';
import { cancelChat, deleteConversation, listConversations, saveConversation, startChat, toIpcError } from '../ipc';

export interface Streaming {
  requestId: string | null;
  conversationId: string;
  /** Stop was pressed; the turn ends as interrupted. */
  stopping: boolean;
}

/** The catalog entry a new conversation talks to. */
export interface Target {
  id: string;
  name: string;
}

function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `c-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const TITLE_MAX = 60;

/**
 * A conversation's title: the first line of its first message, cut by code points (never inside
 * a surrogate pair, which would make the conversation unsaveable as UTF-8) and, where the
 * platform can tell, not inside a grapheme such as a flag or a family emoji.
 */
export function conversationTitle(text: string): string {
  const line = (text.trim().split('\n')[0] ?? '').trim();
  const points = Array.from(line);
  if (points.length <= TITLE_MAX) return line || 'New chat';
  let cut = points.slice(0, TITLE_MAX - 3).join('');
  if (typeof Intl.Segmenter === 'function') {
    let end = 0;
    for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(line)) {
      if (index + segment.length > cut.length) break;
      end = index + segment.length;
    }
    if (end > 0) cut = line.slice(0, end);
  }
  return `${cut.trimEnd()}…`;
}

/**
 * Collects streamed text and hands it on at most once per animation frame, so a long answer
 * arriving in thousands of chunks renders a few times a second, not once per chunk. A timer
 * stands in for the frame while the window is hidden (no frames run then). `flush` hands on what
 * is buffered at once: call it before anything that must come after the text.
 */
export function frameBatcher(apply: (text: string) => void) {
  let buffered = '';
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
    if (buffered === '') return;
    const text = buffered;
    buffered = '';
    apply(text);
  };
  const push = (text: string) => {
    buffered += text;
    if (frame !== null || timer !== null) return;
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(flush);
    timer = setTimeout(flush, 250);
  };
  return { push, flush };
}

/** The history sent with a new message: every answered exchange, in order. A user message whose
 * answer failed with nothing is left out, so roles keep alternating as Bedrock requires. */
export function history(messages: readonly StoredMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const next = messages[i + 1];
    if (m?.role === 'user' && next?.role === 'assistant' && next.text.trim() !== '') {
      out.push({ role: 'user', text: m.text, attachments: m.attachments }, { role: 'assistant', text: next.text, attachments: [], reasoning: next.reasoning ?? null });
      i++;
    }
  }
  return out;
}

/** What goes with a message besides its text. */
export interface SendOptions {
  system: string | null;
  maxTokens: number | null;
  /** What is sent: the chosen parameters less what the model does not take. */
  parameters: ChatParameters;
  /** What is saved with the conversation: the parameters as chosen (a choice the model's
   * features, still loading or unavailable, left out of this request is kept). */
  chosen: ChatParameters;
  /** The tokens of `parameters.reasoning` for this model (`null`: off). */
  reasoningBudget: number | null;
  /** The setting "Prompt caching". */
  promptCache: boolean;
  attachments: Attachment[];
}

interface Turn {
  conversationId: string;
  requestId: string | null;
  /** Stop was pressed before the request id arrived: cancel as soon as it does. */
  stopWanted: boolean;
  ended: boolean;
}

export function useChat() {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [streaming, setStreaming] = useState<Streaming | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  // Conversations whose turn just ended, saved once React has applied the last events.
  // Append-only; `saved` counts the ones already handed to `persist`.
  const [toSave, setToSave] = useState<string[]>([]);
  const saved = useRef(0);
  const latest = useRef<Conversation[]>([]);
  // Before any effect (a child's runs before ours) or event handler can read it.
  useLayoutEffect(() => {
    latest.current = conversations;
  }, [conversations]);
  const turn = useRef<Turn | null>(null);
  // Saves go out one after another, so an earlier state never lands after a later one.
  const saves = useRef<Promise<unknown>>(Promise.resolve());

  const persist = useCallback((c: Conversation) => {
    saves.current = saves.current.then(() => saveConversation(c)).catch((e: unknown) => setError(toIpcError(e)));
  }, []);

  useEffect(() => {
    if (saved.current === toSave.length) return;
    for (const id of toSave.slice(saved.current)) {
      const c = conversations.find((x) => x.id === id);
      if (c) persist(c);
    }
    saved.current = toSave.length;
  }, [toSave, conversations, persist]);

  useEffect(() => {
    listConversations().then(
      (list) => {
        setConversations(list);
        setOpenId((id) => id ?? list[0]?.id ?? null);
      },
      (e: unknown) => setError(toIpcError(e)),
    );
  }, []);

  const update = useCallback((id: string, change: (c: Conversation) => Conversation) => {
    setConversations((list) => list.map((c) => (c.id === id ? change(c) : c)));
  }, []);

  const open = openId ? (conversations.find((c) => c.id === openId) ?? null) : null;

  /**
   * Sends `text` in the open conversation, to the entry that conversation was started with; with
   * none open, starts a conversation with `newEntry`. Resolves true when Bedrock accepted it (the
   * caller may clear the draft), false when it was refused (keep the draft). `retry` replaces the
   * last exchange instead of adding one.
   */
  const send = useCallback(
    async (newEntry: Target | null, text: string, options: SendOptions, retry = false) => {
      setError(null);
      const before = latest.current;
      const openBefore = open?.id ?? null;
      const now = Date.now();
      let conversation = open;
      if (!conversation) {
        if (!newEntry) return false;
        conversation = {
          id: newId(),
          title: conversationTitle(text),
          entryId: newEntry.id,
          entryName: newEntry.name,
          system: options.system,
          maxTokens: options.maxTokens,
          parameters: options.chosen,
          createdMs: now,
          updatedMs: now,
          messages: [],
        };
      }
      const id = conversation.id;
      const base = retry ? conversation.messages.slice(0, -2) : conversation.messages;
      const user: StoredMessage = { role: 'user', text, outcome: null, stopReason: null, usage: null, error: null, attachments: options.attachments };
      const pending: StoredMessage = { role: 'assistant', text: '', outcome: null, stopReason: null, usage: null, error: null, attachments: [] };
      // A conversation stays on the entry it was started with (and on that entry's bill),
      // whatever the picker shows now.
      const request: ChatRequest = {
        entryId: conversation.entryId,
        system: options.system,
        messages: [...history(base), { role: 'user' as const, text, attachments: options.attachments }],
        maxTokens: options.maxTokens,
        temperature: options.parameters.temperature,
        topP: options.parameters.topP,
        stopSequences: options.parameters.stopSequences,
        reasoningBudget: options.reasoningBudget,
        serviceTier: options.parameters.serviceTier,
        promptCache: options.promptCache,
        conversationId: id,
      };
      const next: Conversation = {
        ...conversation,
        system: options.system,
        maxTokens: options.maxTokens,
        parameters: options.chosen,
        updatedMs: now,
        messages: [...base, user, pending],
      };
      const current: Turn = { conversationId: id, requestId: null, stopWanted: false, ended: false };
      turn.current = current;
      setConversations((list) => [next, ...list.filter((c) => c.id !== id)]);
      setOpenId(id);
      setStreaming({ requestId: null, conversationId: id, stopping: false });
      const patchLast = (change: (m: StoredMessage) => StoredMessage) =>
        update(id, (c) => ({ ...c, messages: [...c.messages.slice(0, -1), change(c.messages[c.messages.length - 1] ?? pending)] }));
      const answer = frameBatcher((chunk) => patchLast((m) => ({ ...m, text: m.text + chunk })));
      // The reasoning streams before the answer, batched the same way; its signature and any
      // redacted blocks are kept as they came, to be sent back with the history.
      const patchReasoning = (change: (r: Reasoning) => Reasoning) =>
        patchLast((m) => ({ ...m, reasoning: change(m.reasoning ?? { text: '', signature: null, redacted: [] }) }));
      const thinking = frameBatcher((chunk) => patchReasoning((r) => ({ ...r, text: r.text + chunk })));
      const flushAll = () => {
        thinking.flush();
        answer.flush();
      };
      try {
        const requestId = await startChat(request, (event) => {
          switch (event.type) {
            case 'reasoningDelta':
              thinking.push(event.text);
              break;
            case 'reasoningSignature':
              thinking.flush();
              patchReasoning((r) => ({ ...r, signature: event.signature }));
              break;
            case 'reasoningRedacted':
              thinking.flush();
              patchReasoning((r) => ({ ...r, redacted: [...r.redacted, event.data] }));
              break;
            case 'delta':
              thinking.flush();
              answer.push(event.text);
              break;
            case 'stopped':
              flushAll();
              patchLast((m) => ({ ...m, stopReason: event.reason }));
              break;
            case 'failed':
              flushAll();
              patchLast((m) => ({ ...m, error: event.error }));
              break;
            case 'finished':
              flushAll();
              current.ended = true;
              if (turn.current === current) turn.current = null;
              patchLast((m) => ({ ...m, outcome: event.outcome, usage: { ...event.usage } }));
              update(id, (c) => ({ ...c, updatedMs: Date.now() }));
              setStreaming((s) => (s?.conversationId === id ? null : s));
              setToSave((ids) => [...ids, id]);
              console.info(`[chat] turn ${event.outcome}`, {
                entry: request.entryId,
                inputTokens: event.usage.inputTokens,
                outputTokens: event.usage.outputTokens,
                costUsd: event.usage.costUsd,
                cacheReadTokens: event.usage.cacheReadTokens,
                cacheWriteTokens: event.usage.cacheWriteTokens,
                serviceTier: event.usage.serviceTier,
              });
              break;
            case 'started':
              break;
          }
        });
        current.requestId = requestId;
        if (!current.ended) {
          // Saved the moment Bedrock has the turn: the user's message survives a crash or a quit
          // mid-answer (the backend records the partial answer itself, by conversation id).
          persist(next);
          setStreaming((s) => (s && s.conversationId === id ? { ...s, requestId } : s));
          if (current.stopWanted) cancelChat(requestId).catch((e: unknown) => setError(toIpcError(e)));
        }
        return true;
      } catch (e) {
        // Refused before anything was sent: back to how it was; the caller keeps the draft.
        if (turn.current === current) turn.current = null;
        setConversations(before);
        setOpenId(openBefore);
        setStreaming(null);
        setError(toIpcError(e));
        return false;
      }
    },
    [open, update, persist],
  );

  /** Stops the running turn; pressed before the turn has its request id, it stops the turn as
   * soon as the id arrives. */
  const stop = useCallback(async () => {
    const t = turn.current;
    if (!t || t.ended) return;
    setStreaming((s) => (s && s.conversationId === t.conversationId ? { ...s, stopping: true } : s));
    if (t.requestId === null) {
      t.stopWanted = true;
      return;
    }
    try {
      await cancelChat(t.requestId);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, []);

  /** Moves a conversation to another entry (its own is gone); later turns are billed to that one. */
  const retarget = useCallback(
    (id: string, entry: Target) => {
      const c = latest.current.find((x) => x.id === id);
      if (!c) return;
      const moved = { ...c, entryId: entry.id, entryName: entry.name, updatedMs: Date.now() };
      setConversations((list) => list.map((x) => (x.id === id ? moved : x)));
      persist(moved);
    },
    [persist],
  );

  const newChat = useCallback(() => {
    setOpenId(null);
    setError(null);
  }, []);

  const remove = useCallback(async (id: string) => {
    try {
      await deleteConversation(id);
      setConversations((list) => list.filter((c) => c.id !== id));
      setOpenId((o) => (o === id ? null : o));
    } catch (e) {
      setError(toIpcError(e));
    }
  }, []);

  return useMemo(
    () => ({ conversations, open, openId, setOpenId, streaming, error, setError, send, stop, newChat, remove, retarget }),
    [conversations, open, openId, streaming, error, send, stop, newChat, remove, retarget],
  );
}
