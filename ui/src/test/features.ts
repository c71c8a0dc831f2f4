// Test data: what chat_features answers for a few models, as in the features table of issue 15.
import type { ChatFeatures, ModelFeatures, PriceQuote } from '../bindings';

const plain: ModelFeatures = {
  modelId: null,
  known: true,
  promptCache: null,
  reasoning: null,
  maxOutputTokens: null,
  defaultMaxTokens: null,
  imageInput: false,
  documentInput: true,
  systemPrompt: true,
  temperature: true,
  topP: true,
  temperatureOrTopP: false,
  maxStopSequences: 4,
  serviceTiers: [],
};

export const sonnetPrice: PriceQuote = {
  price: { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  asOf: '2026-11-01',
  source: 'BuiltIn',
  note: 'Amazon Bedrock pricing page',
};

/** Claude Sonnet 4.5: caching, reasoning, images and documents, temperature or top-p. */
export const sonnet45: ModelFeatures = {
  ...plain,
  modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
  promptCache: { minTokens: 1024, maxPoints: 4 },
  reasoning: { minBudget: 1024, maxBudget: 62976, levels: [2048, 8192, 24576] },
  maxOutputTokens: 64000,
  imageInput: true,
  temperatureOrTopP: true,
};

/** A text-only model (documents yes, images no), with a known default. */
export const textOnly: ModelFeatures = { ...plain, modelId: 'amazon.titan-text-express-v1', maxOutputTokens: 8192, defaultMaxTokens: 512 };

/** Nova Pro: priority and flex tiers. */
export const novaPro: ModelFeatures = {
  ...plain,
  modelId: 'amazon.nova-pro-v1:0',
  promptCache: { minTokens: 1000, maxPoints: 4 },
  maxOutputTokens: 10000,
  imageInput: true,
  serviceTiers: ['priority', 'flex'],
};

export function featuresOf(entryId: string, features: ModelFeatures, price: PriceQuote | null = sonnetPrice): ChatFeatures {
  return { entryId, features, price };
}
