// How the Costs screen reads: money (never $0 for "unknown"), periods, group names, the table's
// rows with the bill beside the estimate, and the chart's series.
import type { Billed, DayEstimate, Estimate, GroupEstimate, PeriodChoice, PriceBasis } from '../bindings';

/** US dollars with enough digits for small per-turn sums; `null` is "unknown", never $0. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '−' : '';
  if (abs === 0) return '$0.00';
  if (abs < 0.000001) return `${sign}<$0.000001`;
  if (abs < 0.01) return `${sign}$${abs.toPrecision(2)}`;
  return `${sign}$${abs.toFixed(2)}`;
}

/** A difference with its sign: billed above the estimate is "+". */
export function formatDifference(usd: number | null): string {
  if (usd === null) return '—';
  return usd > 0 ? `+${formatUsd(usd)}` : formatUsd(usd);
}

export type PeriodKind = PeriodChoice['kind'];

export const PERIOD_LABEL: Record<PeriodKind, string> = {
  thisMonth: 'This month',
  lastMonth: 'Last month',
  last7Days: 'Last 7 days',
  last30Days: 'Last 30 days',
  custom: 'Custom',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a custom period cannot be asked for, or null. `to` is the first day no longer counted. */
export function checkCustomPeriod(from: string, to: string): string | null {
  if (!DATE.test(from) || Number.isNaN(Date.parse(`${from}T00:00:00Z`))) return 'Choose the first day (YYYY-MM-DD).';
  if (!DATE.test(to) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) return 'Choose the end day (YYYY-MM-DD).';
  if (to <= from) return `The end (${to}) must be after the first day (${from}): the end day itself is not counted.`;
  return null;
}

/** The day after `day` (`YYYY-MM-DD`, UTC). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The day before `day`. */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The tag key of a `tag:KEY` grouping, or null for `profile` and `model`. */
export function tagKeyOf(by: string): string | null {
  return by.startsWith('tag:') ? by.slice(4) : null;
}

/** The heading of the group column. */
export function groupHeading(by: string): string {
  const key = tagKeyOf(by);
  return key ?? (by === 'model' ? 'Model' : 'Profile');
}

/** The grouping in a sentence: "profile", "model", or the tag key. */
export function byWords(by: string): string {
  return tagKeyOf(by) ?? (by === 'model' ? 'model' : 'profile');
}

/** How a group's key reads: a profile's name instead of its ARN when known. */
export function groupLabel(key: string, by: string, profileNames: ReadonlyMap<string, string>): string {
  if (by === 'profile') return profileNames.get(key) ?? key;
  return key;
}

/** Where the estimate's prices come from, in words, with the turns priced by each. */
export function priceSourceText(b: PriceBasis): string {
  const turns = `${b.turns} ${b.turns === 1 ? 'turn' : 'turns'}`;
  const date = b.asOf ? ` of ${b.asOf}` : '';
  switch (b.source) {
    case 'BuiltIn':
      return `built-in prices${date} (${turns})`;
    case 'PriceList':
      return `AWS Price List${date} (${turns})`;
    case 'UserFile':
      return `your prices.json${date} (${turns})`;
    default:
      return `prices recorded before Strata kept their source (${turns})`;
  }
}

/** One row of the table: the estimate of a group and, when fetched, what AWS billed for it. */
export interface CostRow {
  key: string;
  /** The group's estimate; null for a billed group without turns in the ledger. */
  estimate: GroupEstimate | null;
  billedUsd: number | null;
  /** Billed minus estimated, when both are known. */
  differenceUsd: number | null;
}

/**
 * Billed minus estimated, rounded to a ten-billionth of a dollar (finer than Cost Explorer
 * reports), so the same sums reached in a different order read as equal, not as 1e-19.
 */
export function difference(billedUsd: number, estimatedUsd: number): number {
  const d = Math.round((billedUsd - estimatedUsd) * 1e10) / 1e10;
  return d === 0 ? 0 : d;
}

/**
 * True when the bill says what each value of its key was billed (as `Billed::splits_by_key`):
 * some spend is under a value of the key, or nothing was billed at all. Until the key is active
 * for cost allocation, Cost Explorer puts all spend under "(KEY not set)" and each value's bill
 * is unknown, never $0.
 */
export function splitsByKey(billed: Billed): boolean {
  const untagged = `(${billed.tagKey} not set)`;
  return billed.totalUsd === 0 || billed.groups.some((g) => g.key !== untagged);
}

/** The estimate's groups with the bill's beside them (a billed group without turns gets a row too). */
export function costRows(estimate: Estimate, billed: Billed | null): CostRow[] {
  const billedBy = new Map((billed?.groups ?? []).map((g) => [g.key, g.billedUsd]));
  // A value Cost Explorer leaves out was billed nothing, once the bill is split by the key.
  const missing = billed && splitsByKey(billed) ? 0 : null;
  const rows: CostRow[] = estimate.groups.map((g) => {
    const b = billed ? (billedBy.get(g.key) ?? missing) : null;
    return { key: g.key, estimate: g, billedUsd: b, differenceUsd: b !== null && g.estimatedUsd !== null ? difference(b, g.estimatedUsd) : null };
  });
  for (const g of billed?.groups ?? []) {
    if (!estimate.groups.some((e) => e.key === g.key)) rows.push({ key: g.key, estimate: null, billedUsd: g.billedUsd, differenceUsd: null });
  }
  return rows;
}

export type SortColumn = 'group' | 'estimated' | 'billed' | 'difference' | 'input' | 'output' | 'turns' | 'unknown';
export interface Sort {
  column: SortColumn;
  direction: 'ascending' | 'descending';
}

function sortValue(row: CostRow, column: SortColumn, label: string): number | string | null {
  switch (column) {
    case 'group':
      return label.toLowerCase();
    case 'estimated':
      return row.estimate?.estimatedUsd ?? null;
    case 'billed':
      return row.billedUsd;
    case 'difference':
      return row.differenceUsd;
    case 'input':
      return row.estimate?.inputTokens ?? null;
    case 'output':
      return row.estimate?.outputTokens ?? null;
    case 'turns':
      return row.estimate?.turns ?? null;
    case 'unknown':
      return row.estimate?.unknownCostTurns ?? null;
  }
}

/** Sorts rows by a column; unknown values go last whichever the direction. */
export function sortRows(rows: readonly CostRow[], sort: Sort, label: (key: string) => string): CostRow[] {
  const factor = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.column, label(a.key));
    const vb = sortValue(b, sort.column, label(b.key));
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    if (va < vb) return -factor;
    if (va > vb) return factor;
    return label(a.key).localeCompare(label(b.key));
  });
}

/** The chart's colours: theme tokens, in order; groups past the last share "Other". */
export const SERIES_COLOURS = [1, 2, 3, 4, 5, 6, 7].map((n) => `var(--strata-chart-${n})`);
export const OTHER_COLOUR = 'var(--strata-chart-other)';
export const OTHER_LABEL = 'Other groups';

export interface Series {
  /** The group keys it sums (one, or several for "Other"). */
  keys: string[];
  label: string;
  colour: string;
}

/** The chart's series: the groups with a known cost, largest first, the rest as "Other". */
export function chartSeries(estimate: Estimate, label: (key: string) => string): Series[] {
  const priced = estimate.groups.filter((g) => g.estimatedUsd !== null && g.estimatedUsd > 0);
  const fits = priced.length <= SERIES_COLOURS.length;
  const own = fits ? priced : priced.slice(0, SERIES_COLOURS.length - 1);
  const series: Series[] = own.map((g, i) => ({ keys: [g.key], label: label(g.key), colour: SERIES_COLOURS[i] as string }));
  if (!fits) series.push({ keys: priced.slice(own.length).map((g) => g.key), label: OTHER_LABEL, colour: OTHER_COLOUR });
  return series;
}

/** A day's known spend of one series. */
export function daySpend(day: DayEstimate, series: Series): number {
  return day.groups.filter((g) => series.keys.includes(g.key)).reduce((sum, g) => sum + (g.estimatedUsd ?? 0), 0);
}

/** The largest day's known spend of all series together. */
export function largestDay(days: readonly DayEstimate[]): number {
  return days.reduce((max, d) => Math.max(max, d.groups.reduce((s, g) => s + (g.estimatedUsd ?? 0), 0)), 0);
}

/** Milliseconds since the epoch as a local date and time. */
export function localTime(ms: number): string {
  return new Date(ms).toLocaleString();
}
