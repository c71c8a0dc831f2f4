// What the conversation's model can take, asked of the backend once per entry and kept for the
// session (it comes from the model behind the entry, whichever way it is reached). A failed
// lookup means plain options, asked again next time; it never blocks sending.
import { useEffect, useState } from 'react';
import type { ChatFeatures, ChatParameters, ModelFeatures, PriceQuote, ReasoningLevel, ServiceTier } from '../bindings';
import { chatFeatures, toIpcError } from '../ipc';

const cache = new Map<string, Promise<ChatFeatures>>();

/** Forgets what was fetched (tests start from nothing). */
export function clearFeatureCache() {
  cache.clear();
}

function fetchFeatures(entryId: string): Promise<ChatFeatures> {
  let p = cache.get(entryId);
  if (!p) {
    p = chatFeatures(entryId);
    cache.set(entryId, p);
    // A failure is not kept: the next open asks again.
    p.catch(() => cache.delete(entryId));
  }
  return p;
}

type FeaturesState = { entryId: string; features: ChatFeatures | null };

/** The features of `entryId` (null while they load or when the lookup failed). */
export function useChatFeatures(entryId: string | null): ChatFeatures | null {
  const [state, setState] = useState<FeaturesState | null>(null);
  useEffect(() => {
    if (!entryId) return;
    let live = true;
    fetchFeatures(entryId).then(
      (features) => live && setState({ entryId, features }),
      (e: unknown) => {
        console.warn('[chat] model features unavailable; plain options shown', { entryId, error: toIpcError(e).message });
        if (live) setState({ entryId, features: null });
      },
    );
    return () => {
      live = false;
    };
  }, [entryId]);
  return state && state.entryId === entryId ? state.features : null;
}

export const DEFAULT_PARAMETERS: ChatParameters = { temperature: null, topP: null, stopSequences: [], reasoning: 'off', serviceTier: null };

export const LEVELS: readonly ReasoningLevel[] = ['off', 'low', 'medium', 'high'];

/** The reasoning budget in tokens of `level` for this model (`null`: off, or no reasoning). */
export function reasoningBudget(level: ReasoningLevel, features: ModelFeatures | null | undefined): number | null {
  const spec = features?.reasoning;
  if (!spec || level === 'off') return null;
  return spec.levels[level === 'low' ? 0 : level === 'medium' ? 1 : 2];
}

/** The tier's price factor against the standard (on-demand) price (AWS's Bedrock pricing page,
 * service tiers); `null` for reserved, a commitment without a per-token price. */
export function tierFactor(tier: ServiceTier): number | null {
  switch (tier) {
    case 'default':
      return 1;
    case 'priority':
      return 1.75;
    case 'flex':
      return 0.5;
    case 'reserved':
      return null;
  }
}

function usd(perMillion: number): string {
  return `$${perMillion < 1 ? perMillion.toFixed(3) : perMillion.toFixed(2)}`;
}

/** "$5.25 in · $26.25 out per million tokens (standard $3.00 / $15.00)", or why it is unknown. */
export function tierPrice(tier: ServiceTier, quote: PriceQuote | null): string {
  if (!quote) return 'price unknown (the model is not priced)';
  const f = tierFactor(tier);
  const base = `${usd(quote.price.inputPerMillion)} / ${usd(quote.price.outputPerMillion)}`;
  if (f === null) return `price unknown (a reserved commitment, not per token; standard ${base})`;
  const here = `${usd(quote.price.inputPerMillion * f)} in · ${usd(quote.price.outputPerMillion * f)} out per million tokens`;
  return f === 1 ? here : `${here} (standard ${base})`;
}
