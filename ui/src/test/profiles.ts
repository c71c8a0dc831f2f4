// Test data for the Profiles screen in the shapes the backend sends, and a backend that keeps
// the profiles it creates, tags and deletes.
import type { IpcError, Profile, ProfileDraft, ProfileSource, ProfileUse, RegionProfiles, Settings, Tag } from '../bindings';
import { catalogBackend } from './catalog';
import type { Handler } from './ipc';

export const REGION = 'ap-northeast-1';
const ACCOUNT = '123456789012';
export const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
export const SONNET = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

export function aip(name: string, short: string, extra: Partial<Profile> = {}): Profile {
  return {
    name,
    id: short,
    arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/${short}`,
    description: null,
    region: REGION,
    kind: 'APPLICATION',
    status: 'ACTIVE',
    createdAt: '2026-11-20T09:15:00.000000+00:00',
    updatedAt: '2026-11-20T09:15:00.000000+00:00',
    models: [{ arn: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`, modelId: HAIKU, region: REGION, name: 'Claude 3 Haiku' }],
    origin: { type: 'model', modelId: HAIKU },
    tags: [],
    ...extra,
  };
}

export const alphaProfile = aip('project-alpha-claude-sonnet', 'alpha0000001', {
  description: 'Claude 3.5 Sonnet for Project Alpha',
  models: [{ arn: `arn:aws:bedrock:${REGION}::foundation-model/${SONNET}`, modelId: SONNET, region: REGION, name: 'Claude 3.5 Sonnet' }],
  origin: { type: 'model', modelId: SONNET },
  createdAt: '2026-11-02T10:00:00.000000+00:00',
  updatedAt: '2026-11-03T10:00:00.000000+00:00',
  tags: [
    { key: 'Project', value: 'Alpha' },
    { key: 'Department', value: 'Engineering' },
  ],
});
export const marketingProfile = aip('marketing-team-claude-haiku', 'mkt000000001', {
  description: 'Marketing content generation',
  createdAt: '2026-11-05T10:00:00.000000+00:00',
  updatedAt: '2026-11-05T10:00:00.000000+00:00',
  tags: [
    { key: 'Department', value: 'Marketing' },
    { key: 'CostCenter', value: 'CC-2001' },
  ],
});
export const devProfile = aip('dev-claude-haiku', 'dev000000001', {
  models: [
    { arn: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`, modelId: HAIKU, region: REGION, name: 'Claude 3 Haiku' },
    { arn: `arn:aws:bedrock:ap-southeast-1::foundation-model/${HAIKU}`, modelId: HAIKU, region: 'ap-southeast-1', name: null },
  ],
  origin: { type: 'crossRegion', profileId: `apac.${HAIKU}`, geography: 'APAC' },
  createdAt: '2026-10-01T10:00:00.000000+00:00',
  updatedAt: '2026-11-10T10:00:00.000000+00:00',
  tags: [{ key: 'Environment', value: 'dev' }],
});

export const sources: ProfileSource[] = [
  {
    id: HAIKU,
    arn: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`,
    name: 'Claude 3 Haiku',
    kind: 'Foundation',
    provider: 'Anthropic',
    geography: null,
    problem: null,
  },
  {
    id: `apac.${HAIKU}`,
    arn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/apac.${HAIKU}`,
    name: 'APAC Claude 3 Haiku',
    kind: 'SystemProfile',
    provider: 'Anthropic',
    geography: 'APAC',
    problem: null,
  },
  {
    id: 'anthropic.claude-sonnet-4-20250514-v1:0',
    arn: `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0`,
    name: 'Claude Sonnet 4',
    kind: 'Foundation',
    provider: 'Anthropic',
    geography: null,
    problem: 'offered only through cross-region profiles: copy one of those',
  },
];

export const accessDenied: IpcError = {
  kind: 'AccessDenied',
  message: 'Access denied: bedrock:ListInferenceProfiles is not allowed for this identity.',
  hint:
    'Ask your administrator to allow bedrock:ListInferenceProfiles. The policy statement the Profiles features need:\n' +
    JSON.stringify(
      {
        Effect: 'Allow',
        Action: ['bedrock:CreateInferenceProfile', 'bedrock:GetInferenceProfile', 'bedrock:ListInferenceProfiles'],
        Resource: '*',
      },
      null,
      2,
    ),
};

/** A fake backend for the Profiles commands on top of the catalog one; the profiles live in `state`. */
export function profilesBackend(
  opts: {
    profiles?: Profile[];
    regions?: () => RegionProfiles[];
    use?: ProfileUse;
    settings?: Partial<Settings>;
    handlers?: Record<string, Handler>;
  } = {},
) {
  const state = { profiles: [...(opts.profiles ?? [alphaProfile, marketingProfile, devProfile])] };
  let created = 0;
  const calls = catalogBackend({
    settings: opts.settings,
    handlers: {
      list_profiles: (args) => {
        if (args?.allRegions && opts.regions) return opts.regions();
        return [{ region: REGION, profiles: state.profiles, error: null }];
      },
      profile_sources: () => sources,
      create_profile: (args) => {
        const draft = args?.draft as ProfileDraft;
        created++;
        const p = aip(draft.name, `new${String(created).padStart(9, '0')}`, {
          description: draft.description || null,
          tags: draft.tags,
          createdAt: '2026-12-01T12:00:00.000000+00:00',
          updatedAt: '2026-12-01T12:00:00.000000+00:00',
        });
        state.profiles = [...state.profiles, p];
        return p;
      },
      tag_profile: (args) => {
        const { arn, tags } = args as { arn: string; tags: Tag[] };
        state.profiles = state.profiles.map((p) => {
          if (p.arn !== arn) return p;
          const kept = (p.tags ?? []).filter((t) => !tags.some((n) => n.key === t.key));
          return { ...p, tags: [...kept, ...tags] };
        });
        return state.profiles.find((p) => p.arn === arn);
      },
      untag_profile: (args) => {
        const { arn, tagKeys } = args as { arn: string; tagKeys: string[] };
        state.profiles = state.profiles.map((p) => (p.arn === arn ? { ...p, tags: (p.tags ?? []).filter((t) => !tagKeys.includes(t.key)) } : p));
        return state.profiles.find((p) => p.arn === arn);
      },
      delete_profile: (args) => {
        state.profiles = state.profiles.filter((p) => p.arn !== (args as { arn: string }).arn);
        return null;
      },
      profile_use: () => opts.use ?? { selected: false, conversations: [] },
      ...opts.handlers,
    },
  });
  const of = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args as Record<string, unknown>);
  return { calls, state, of };
}
