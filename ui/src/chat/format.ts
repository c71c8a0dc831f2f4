// How usage reads in the chat: tokens, time and money, never a made-up 0 for "unknown".
import type { StoredMessage, StoredUsage } from '../bindings';

export function formatCost(usd: number | null): string {
  if (usd === null) return 'cost unknown';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export function formatUsage(u: StoredUsage): string {
  const parts: string[] = [];
  if (u.inputTokens !== null && u.outputTokens !== null) parts.push(`${u.inputTokens} in · ${u.outputTokens} out tokens`);
  else parts.push('tokens unknown');
  parts.push(`${u.latencyMs} ms`);
  if (u.ttftMs !== null) parts.push(`first token ${u.ttftMs} ms`);
  parts.push(formatCost(u.costUsd));
  return parts.join(' · ');
}

export interface Totals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpriced: number;
  turns: number;
}

export function conversationTotals(messages: readonly StoredMessage[]): Totals {
  const t: Totals = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0, turns: 0 };
  for (const m of messages) {
    if (m.role !== 'assistant' || !m.usage) continue;
    t.turns += 1;
    t.inputTokens += m.usage.inputTokens ?? 0;
    t.outputTokens += m.usage.outputTokens ?? 0;
    if (m.usage.costUsd === null) t.unpriced += 1;
    else t.costUsd += m.usage.costUsd;
  }
  return t;
}
