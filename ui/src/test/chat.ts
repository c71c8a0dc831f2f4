// Test helper: a chat backend whose start_chat hands each turn to the test, which then plays
// Bedrock's events on the turn's channel.
import type { Channel } from '@tauri-apps/api/core';
import { screen, waitFor } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { ChatEvent, ChatFeatures, ChatRequest, Conversation, ModelList, Settings, StoredMessage, TurnUsage } from '../bindings';
import { clearFeatureCache } from '../chat/features';
import { alpha, catalogBackend, haiku, listOf } from './catalog';

export const usage: TurnUsage = {
  inputTokens: 12,
  outputTokens: 34,
  latencyMs: 420,
  ttftMs: 95,
  costUsd: 0.000513,
  pricedAs: 'x',
  cacheReadTokens: null,
  cacheWriteTokens: null,
  reasoningTokens: null,
  serviceTier: null,
  cacheSavedUsd: null,
};

/** A request as the chat sends it (with the conversation id the bindings do not list yet). */
export type SentRequest = ChatRequest & { conversationId?: string | null };

export interface Turn {
  request: SentRequest;
  emit: (e: ChatEvent) => void;
}

export function chatBackend(
  opts: {
    startChat?: (args: Record<string, unknown>) => unknown;
    saved?: Conversation[];
    list?: ModelList;
    settings?: Partial<Settings>;
    /** What chat_features answers, per entry id (absent: the lookup fails, as before the
     * backend had it: the chat shows plain options). */
    features?: Record<string, ChatFeatures>;
  } = {},
) {
  const turns: Turn[] = [];
  clearFeatureCache();
  const calls = catalogBackend({
    list: opts.list ?? listOf([alpha, haiku]),
    settings: opts.settings ?? { selectedModelId: alpha.id },
    handlers: {
      list_conversations: () => opts.saved ?? [],
      save_conversation: () => null,
      delete_conversation: () => true,
      cancel_chat: () => true,
      chat_features: (args) => {
        const entryId = String(args?.entryId);
        const f = opts.features?.[entryId];
        if (!f) throw { kind: 'NotFound', message: `no features for ${entryId}`, hint: null };
        return f;
      },
      start_chat: (args) => {
        if (opts.startChat) return opts.startChat(args ?? {});
        const channel = args?.onEvent as Channel<ChatEvent>;
        turns.push({ request: args?.request as SentRequest, emit: (e) => channel.onmessage(e) });
        return `req-${turns.length}`;
      },
    },
  });
  /** The conversations save_conversation received, in order. */
  const saves = () => calls.filter((c) => c.cmd === 'save_conversation').map((c) => (c.args as { conversation: Conversation }).conversation);
  return { calls, turns, saves };
}

export async function typeAndSend(user: ReturnType<typeof userEvent.setup>, text: string, to = alpha.name) {
  const box = await screen.findByRole('textbox', { name: 'Message' });
  await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(to));
  await user.type(box, text);
  await user.keyboard('{Enter}');
}

export function message(role: StoredMessage['role'], text: string, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { role, text, outcome: null, stopReason: null, usage: null, error: null, attachments: [], ...extra };
}

/** A saved conversation with one answered exchange. */
export function savedConversation(extra: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    title: 'Budget question',
    entryId: alpha.id,
    entryName: alpha.name,
    system: null,
    maxTokens: null,
    parameters: { temperature: null, topP: null, stopSequences: [], reasoning: 'off', serviceTier: null },
    createdMs: 1,
    updatedMs: 2,
    messages: [message('user', 'How much?'), message('assistant', 'Not **much**.', { outcome: 'completed', stopReason: 'end_turn', usage })],
    ...extra,
  };
}
