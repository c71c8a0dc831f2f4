// Test data for the Costs screen in the shapes the backend sends, and a backend that keeps the
// alerts it creates and deletes and the tags it activates.
import type { Alert, BilledSide, BudgetDraft, CostQuery, CostReport, DayEstimate, Estimate, GroupEstimate, IpcError, TagActivation } from '../bindings';
import type { Handler } from './ipc';
import { alphaProfile, marketingProfile, profilesBackend } from './profiles';

export const ACCOUNT = '123456789012';
export const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/Analyst/ana`;

export function group(key: string, estimatedUsd: number | null, turns: number, unknownCostTurns = 0): GroupEstimate {
  return { key, estimatedUsd, billedUsd: null, inputTokens: turns * 1000, outputTokens: turns * 250, turns, unknownCostTurns };
}

function days(from: string, count: number, fill: (i: number) => DayEstimate['groups']): DayEstimate[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return { date: d.toISOString().slice(0, 10), groups: fill(i) };
  });
}

/** An estimate of December 2026's first three days with the given groups, spend on day 2. */
export function estimateOf(by: string, groups: GroupEstimate[], extra: Partial<Estimate> = {}): Estimate {
  const known = groups.filter((g) => g.estimatedUsd !== null);
  const totals: GroupEstimate = {
    key: 'total',
    estimatedUsd: known.length ? known.reduce((s, g) => s + (g.estimatedUsd ?? 0), 0) : null,
    billedUsd: null,
    inputTokens: groups.reduce((s, g) => s + g.inputTokens, 0),
    outputTokens: groups.reduce((s, g) => s + g.outputTokens, 0),
    turns: groups.reduce((s, g) => s + g.turns, 0),
    unknownCostTurns: groups.reduce((s, g) => s + g.unknownCostTurns, 0),
  };
  return {
    from: '2026-12-01',
    to: '2026-12-04',
    by,
    currency: 'USD',
    groups,
    days: days('2026-12-01', 3, (i) =>
      i === 1 ? groups.map((g) => ({ key: g.key, estimatedUsd: g.estimatedUsd, turns: g.turns, unknownCostTurns: g.unknownCostTurns })) : [],
    ),
    totals,
    basis: {
      pricedWhenRecorded: true,
      priceSources: known.length ? [{ source: 'BuiltIn', asOf: '2026-11-01', turns: known.reduce((s, g) => s + g.turns - g.unknownCostTurns, 0) }] : [],
      firstPricedMs: null,
      lastPricedMs: null,
      unreadableTurns: 0,
    },
    ...extra,
  };
}

/** By Project: Alpha priced, Beta with only unknown-cost turns, and the untagged group. */
export const byProject = estimateOf('tag:Project', [group('Alpha', 0.42, 3), group('(Project not set)', 0.0031, 1), group('Beta', null, 2, 2)]);
/** By profile: alpha's ARN (named by the profile list) with one unpriced turn of four. */
export const byProfile = estimateOf('profile', [group(alphaProfile.arn, 0.42, 4, 1), group(marketingProfile.arn, 0.05, 2)]);

export const noPermission: IpcError = {
  kind: 'AccessDenied',
  message: 'Cost Explorer refused GetCostAndUsage: the credentials lack ce:GetCostAndUsage.',
  hint: 'Add this statement to the IAM policy of arn:aws:sts::123456789012:assumed-role/Analyst/ana:\n{\n  "Effect": "Allow",\n  "Action": [\n    "ce:GetCostAndUsage"\n  ],\n  "Resource": "*"\n}',
};

export const budgetAlpha: Alert = {
  name: 'alpha-monthly',
  kind: 'budget',
  limitUsd: 100,
  tag: { key: 'Project', value: 'Alpha' },
  scope: 'Project = Alpha',
  thresholdsPercent: [80, 100],
  emails: ['ana@example.com'],
  actualUsd: 12.5,
  state: null,
};

export interface CostsOptions {
  estimate?: (q: CostQuery) => Estimate | Promise<Estimate>;
  billed?: (q: CostQuery) => BilledSide;
  identity?: () => unknown;
  tags?: TagActivation[];
  alerts?: Alert[];
  handlers?: Record<string, Handler>;
}

/** A backend for the whole app with the Costs commands; `state` shows what they changed. */
export function costsBackend(opts: CostsOptions = {}) {
  const state = { tags: [...(opts.tags ?? [])], alerts: [...(opts.alerts ?? [])] };
  const { calls } = profilesBackend({
    handlers: {
      costs_report: async (args) => {
        const q = args?.query as CostQuery;
        const estimate = await (opts.estimate ?? (() => byProfile))(q);
        const billed: BilledSide = q.source === 'estimate' ? { state: 'notAsked' } : (opts.billed ?? (() => ({ state: 'notAsked' })))(q);
        return { estimate, billed } satisfies CostReport;
      },
      export_costs_csv: () => ({ path: '/home/u/Downloads/strata-costs-2026-12-01-2026-12-04-by-profile.csv', rows: 2 }),
      costs_identity: opts.identity ?? (() => ({ account: ACCOUNT, arn: PRINCIPAL, userId: 'AROAEXAMPLE:ana' })),
      cost_tags: () => state.tags,
      activate_cost_tags: (args) => {
        const keys = args?.keys as string[];
        state.tags = state.tags.map((t) => (keys.includes(t.key) ? { ...t, status: 'active', lastUpdated: '2026-12-02T10:00:00Z' } : t));
        return state.tags.filter((t) => keys.includes(t.key));
      },
      list_alerts: () => state.alerts,
      create_budget: (args) => {
        const d = args?.draft as BudgetDraft;
        const a: Alert = {
          name: d.name,
          kind: 'budget',
          limitUsd: d.monthlyUsd,
          tag: d.tag,
          scope: d.tag ? `${d.tag.key} = ${d.tag.value}` : 'All Bedrock spend',
          thresholdsPercent: d.thresholdsPercent,
          emails: d.emails,
          actualUsd: null,
          state: null,
        };
        state.alerts.push(a);
        return a;
      },
      delete_alert: (args) => {
        const a = state.alerts.find((x) => x.name === args?.name);
        if (!a) throw { kind: 'NotFound', message: `No alert named ${String(args?.name)}.`, hint: null };
        state.alerts = state.alerts.filter((x) => x !== a);
        return a;
      },
      ...opts.handlers,
    },
  });
  return { calls, state };
}
