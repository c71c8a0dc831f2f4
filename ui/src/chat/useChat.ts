// The chat's state: the saved conversations, the open one, and the turn in flight. A turn streams
// into the open conversation; it is saved when it finishes (completed, interrupted or failed), so
// conversations survive restarts. The user's message is never lost: a rejected send keeps the
// draft, a failed turn keeps the message with a Retry.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage, Conversation, IpcError, ModelEntry, StoredMessage } from '../bindings';
import { cancelChat, deleteConversation, listConversations, saveConversation, startChat, toIpcError } from '../ipc';

export interface Streaming {
  requestId: string | null;
  conversationId: string;
}

function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `c-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function title(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New chat';
}

/** The history sent with a new message: every answered exchange, in order. A user message whose
 * answer failed with nothing is left out, so roles keep alternating as Bedrock requires. */
export function history(messages: readonly StoredMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const next = messages[i + 1];
    if (m?.role === 'user' && next?.role === 'assistant' && next.text.trim() !== '') {
      out.push({ role: 'user', text: m.text }, { role: 'assistant', text: next.text });
      i++;
    }
  }
  return out;
}

export function useChat() {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [streaming, setStreaming] = useState<Streaming | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  // Conversations whose turn just ended, saved once React has applied the last events.
  const [toSave, setToSave] = useState<string[]>([]);
  const latest = useRef<Conversation[]>([]);
  latest.current = conversations;

  useEffect(() => {
    if (toSave.length === 0) return;
    for (const id of toSave) {
      const c = conversations.find((x) => x.id === id);
      if (c) saveConversation(c).catch((e: unknown) => setError(toIpcError(e)));
    }
    setToSave([]);
  }, [toSave, conversations]);

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

  /** Sends `text` to `entry` in the open conversation (or a new one). Resolves true when Bedrock
   * accepted it (the caller may clear the draft), false when it was refused (keep the draft). */
  const send = useCallback(
    async (entry: ModelEntry, text: string, options: { system: string | null; maxTokens: number | null }, retryOf?: string) => {
      setError(null);
      const before = latest.current;
      const openBefore = open?.id ?? null;
      const now = Date.now();
      let conversation = open;
      if (!conversation) {
        conversation = {
          id: newId(),
          title: title(text),
          entryId: entry.id,
          entryName: entry.name,
          system: options.system,
          maxTokens: options.maxTokens,
          createdMs: now,
          updatedMs: now,
          messages: [],
        };
      }
      const id = conversation.id;
      const base = retryOf ? conversation.messages.slice(0, -2) : conversation.messages;
      const user: StoredMessage = { role: 'user', text, outcome: null, stopReason: null, usage: null, error: null };
      const pending: StoredMessage = { role: 'assistant', text: '', outcome: null, stopReason: null, usage: null, error: null };
      const request = {
        entryId: entry.id,
        system: options.system,
        messages: [...history(base), { role: 'user' as const, text }],
        maxTokens: options.maxTokens,
        temperature: null,
      };
      const next: Conversation = {
        ...conversation,
        entryId: entry.id,
        entryName: entry.name,
        system: options.system,
        maxTokens: options.maxTokens,
        updatedMs: now,
        messages: [...base, user, pending],
      };
      setConversations((list) => [next, ...list.filter((c) => c.id !== id)]);
      setOpenId(id);
      setStreaming({ requestId: null, conversationId: id });
      const patchLast = (change: (m: StoredMessage) => StoredMessage) =>
        update(id, (c) => ({ ...c, messages: [...c.messages.slice(0, -1), change(c.messages[c.messages.length - 1] ?? pending)] }));
      try {
        const requestId = await startChat(request, (event) => {
          switch (event.type) {
            case 'delta':
              patchLast((m) => ({ ...m, text: m.text + event.text }));
              break;
            case 'stopped':
              patchLast((m) => ({ ...m, stopReason: event.reason }));
              break;
            case 'failed':
              patchLast((m) => ({ ...m, error: event.error.hint ? `${event.error.message} ${event.error.hint}` : event.error.message }));
              break;
            case 'finished':
              patchLast((m) => ({ ...m, outcome: event.outcome, usage: { ...event.usage } }));
              update(id, (c) => ({ ...c, updatedMs: Date.now() }));
              setStreaming(null);
              setToSave((ids) => [...ids, id]);
              console.info(`[chat] turn ${event.outcome}`, {
                entry: entry.id,
                inputTokens: event.usage.inputTokens,
                outputTokens: event.usage.outputTokens,
                costUsd: event.usage.costUsd,
              });
              break;
            case 'started':
              break;
          }
        });
        setStreaming((s) => (s && s.conversationId === id ? { ...s, requestId } : s));
        return true;
      } catch (e) {
        // Refused before anything was sent: back to how it was; the caller keeps the draft.
        setConversations(before);
        setOpenId(openBefore);
        setStreaming(null);
        setError(toIpcError(e));
        return false;
      }
    },
    [open, update],
  );

  const stop = useCallback(async () => {
    if (streaming?.requestId) await cancelChat(streaming.requestId);
  }, [streaming]);

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

  return { conversations, open, openId, setOpenId, streaming, error, setError, send, stop, newChat, remove };
}
