// Test data in the shapes the backend sends: a catalog like the demo's, settings, a model list.
import type { Catalog, ModelEntry, ModelList, Settings, SettingsSnapshot, Tag } from '../bindings';
import { demoInfo, fakeBackend, type Handler } from './ipc';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

const caps = { textOutput: true, streaming: true, imageInput: true, toolUse: true, onDemand: true };

export function foundation(id: string, name: string, provider: string, extra: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id,
    kind: 'Foundation',
    name,
    description: null,
    provider,
    arn: `arn:aws:bedrock:${REGION}::foundation-model/${id}`,
    region: REGION,
    underlyingModels: [],
    baseModelName: null,
    geography: null,
    capabilities: caps,
    tags: null,
    status: 'ACTIVE',
    ...extra,
  };
}

export function systemProfile(geo: 'us' | 'apac', modelId: string, name: string): ModelEntry {
  const id = `${geo}.${modelId}`;
  return {
    ...foundation(id, name, 'Anthropic'),
    kind: 'SystemProfile',
    arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`,
    geography: geo === 'us' ? 'US' : 'APAC',
    underlyingModels: [
      { arn: `arn:aws:bedrock:${REGION}::foundation-model/${modelId}`, modelId, region: REGION, name: 'Claude 3 Haiku' },
      { arn: `arn:aws:bedrock:ap-southeast-1::foundation-model/${modelId}`, modelId, region: 'ap-southeast-1', name: null },
    ],
  };
}

export function profile(name: string, short: string, modelId: string, tags: Tag[] | null, description: string | null = null): ModelEntry {
  const arn = `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/${short}`;
  return {
    ...foundation(arn, name, 'Anthropic'),
    kind: 'ApplicationProfile',
    arn,
    description,
    baseModelName: modelId === SONNET ? 'Claude 3.5 Sonnet' : 'Claude 3 Haiku',
    underlyingModels: [
      {
        arn: `arn:aws:bedrock:${REGION}::foundation-model/${modelId}`,
        modelId,
        region: REGION,
        name: modelId === SONNET ? 'Claude 3.5 Sonnet' : 'Claude 3 Haiku',
      },
    ],
    tags,
  };
}

export const alpha = profile('project-alpha-claude-sonnet', 'alpha0000001', SONNET, [
  { key: 'Project', value: 'Alpha' },
  { key: 'Department', value: 'Engineering' },
  { key: 'CostCenter', value: 'CC-1001' },
]);
export const marketing = profile(
  'marketing-team-claude-haiku',
  'mkt000000001',
  HAIKU,
  [
    { key: 'Department', value: 'Marketing' },
    { key: 'CostCenter', value: 'CC-2001' },
  ],
  'Marketing content generation',
);
export const haiku = foundation(HAIKU, 'Claude 3 Haiku', 'Anthropic');
export const nova = foundation('amazon.nova-lite-v1:0', 'Nova Lite', 'Amazon', { capabilities: { ...caps, toolUse: true } });
export const embed = foundation('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', {
  capabilities: { ...caps, textOutput: false, streaming: false },
});
export const usHaiku = systemProfile('us', HAIKU, 'US Anthropic Claude 3 Haiku');

export function catalogOf(entries: ModelEntry[], loadedAtMs = Date.now()): Catalog {
  const count = (k: ModelEntry['kind']) => entries.filter((e) => e.kind === k).length;
  return {
    region: REGION,
    applicationProfilesIncluded: count('ApplicationProfile') > 0,
    entries,
    loadedAtMs,
    stats: {
      foundationModels: count('Foundation'),
      systemProfiles: count('SystemProfile'),
      applicationProfiles: count('ApplicationProfile'),
      pages: 3,
      elapsedMs: 12,
    },
    sectionErrors: [],
  };
}

export function listOf(entries: ModelEntry[] | null, extra: Partial<ModelList> = {}): ModelList {
  return {
    catalog: entries ? catalogOf(entries) : null,
    stale: false,
    error: null,
    connection: { region: REGION, profile: null, endpointUrl: null, demo: 'flag' },
    ...extra,
  };
}

export const defaultSettings: Settings = {
  schemaVersion: 1,
  enableInferenceProfiles: true,
  region: null,
  awsProfile: null,
  endpointUrl: null,
  selectedModelId: null,
  demoMode: 'auto',
  promptCaching: true,
};

export function snapshot(settings: Partial<Settings> = {}): SettingsSnapshot {
  return { settings: { ...defaultSettings, ...settings }, notice: null, path: '/tmp/settings.json' };
}

/** A backend with a catalog and settings that remembers what `update_settings` saved. */
export function catalogBackend(opts: { list?: ModelList; settings?: Partial<Settings>; handlers?: Record<string, Handler> } = {}) {
  let current = snapshot(opts.settings);
  return fakeBackend({
    app_info: () => demoInfo,
    get_settings: () => current,
    update_settings: (args) => {
      current = { ...current, settings: args?.settings as Settings };
      return current;
    },
    aws_options: () => ({ profiles: ['default', 'work-sso'], regions: ['us-east-1', 'ap-northeast-1'] }),
    list_models: () => opts.list ?? listOf([alpha, marketing, haiku, nova, embed, usHaiku]),
    refresh_models: () => opts.list ?? listOf([alpha, marketing, haiku, nova, embed, usHaiku]),
    list_conversations: () => [],
    save_conversation: () => null,
    ...opts.handlers,
  });
}
