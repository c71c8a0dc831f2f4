// How usage reads in the chat: tokens, time and money, never a made-up 0 for "unknown".
import type { StoredMessage, StoredUsage } from '../bindings';

export function formatCost(usd: number | null): string {
  if (usd === null) return 'cost unknown';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** A token count as people read it: "1,204". */
export function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1,204 cached read · 0 written", when Bedrock reported either. */
export function formatCache(read: number | null | undefined, written: number | null | undefined): string | null {
  if ((read ?? null) === null && (written ?? null) === null) return null;
  return `${tokens(read ?? 0)} cached read · ${tokens(written ?? 0)} written`;
}

export function formatUsage(u: StoredUsage): string {
  const parts: string[] = [];
  if (u.inputTokens !== null && u.outputTokens !== null) parts.push(`${u.inputTokens} in · ${u.outputTokens} out tokens`);
  else parts.push('tokens unknown');
  const cache = formatCache(u.cacheReadTokens, u.cacheWriteTokens);
  if (cache) parts.push(cache);
  if (u.reasoningTokens !== null && u.reasoningTokens !== undefined) parts.push(`${tokens(u.reasoningTokens)} reasoning`);
  if (u.serviceTier && u.serviceTier !== 'default') parts.push(`${u.serviceTier} tier`);
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
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Turns that used the cache (read or write). */
  cachedTurns: number;
  /** The sum of what caching saved, over the turns where it is known. */
  cacheSavedUsd: number;
  /** Turns that used the cache whose saving is unknown (not in the sum). */
  cacheSavedUnknown: number;
}

export function conversationTotals(messages: readonly StoredMessage[]): Totals {
  const t: Totals = {
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    unpriced: 0,
    turns: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cachedTurns: 0,
    cacheSavedUsd: 0,
    cacheSavedUnknown: 0,
  };
  for (const m of messages) {
    if (m.role !== 'assistant' || !m.usage) continue;
    const u = m.usage;
    t.turns += 1;
    t.inputTokens += u.inputTokens ?? 0;
    t.outputTokens += u.outputTokens ?? 0;
    if (u.costUsd === null) t.unpriced += 1;
    else t.costUsd += u.costUsd;
    const read = u.cacheReadTokens ?? 0;
    const written = u.cacheWriteTokens ?? 0;
    t.cacheReadTokens += read;
    t.cacheWriteTokens += written;
    if (read > 0 || written > 0) {
      t.cachedTurns += 1;
      if (u.cacheSavedUsd === null || u.cacheSavedUsd === undefined) t.cacheSavedUnknown += 1;
      else t.cacheSavedUsd += u.cacheSavedUsd;
    }
  }
  return t;
}

/** The totals' cache part: "1,204 cached read · 0 written · caching saved $0.0031", or null. */
export function formatCacheTotals(t: Totals): string | null {
  if (t.cachedTurns === 0) return null;
  const known = t.cachedTurns - t.cacheSavedUnknown;
  const saved =
    known === 0
      ? 'caching saved: unknown'
      : `caching saved ${t.cacheSavedUsd < 0 ? `-${formatCost(-t.cacheSavedUsd)}` : formatCost(t.cacheSavedUsd)}${t.cacheSavedUnknown > 0 ? ` + ${t.cacheSavedUnknown} unknown` : ''}`;
  return `${formatCache(t.cacheReadTokens, t.cacheWriteTokens)} · ${saved}`;
}
