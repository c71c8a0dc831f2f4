// The alert forms' rules and the screen's money and table helpers, case by case.
import { describe, expect, it } from 'vitest';
import { byProject } from '../test/costs';
import { checkCustomPeriod, costRows, difference, formatDifference, formatUsd, priceSourceText, sortRows } from './format';
import { alarmDraft, budgetDraft, checkBudgetName, splitList } from './rules';

const form = { name: 'alpha', tagKey: 'Project', tagValue: 'Alpha', monthlyUsd: '100', emails: 'a@example.com', thresholds: '80, 100' };

describe('budget drafts', () => {
  it('makes the draft AWS gets: trimmed, thresholds sorted without repeats, % allowed', () => {
    expect(budgetDraft({ ...form, name: ' alpha ', thresholds: '100%, 50 80 50', emails: 'a@example.com;b@example.org' })).toEqual({
      draft: {
        name: 'alpha',
        monthlyUsd: 100,
        tag: { key: 'Project', value: 'Alpha' },
        emails: ['a@example.com', 'b@example.org'],
        thresholdsPercent: [50, 80, 100],
      },
    });
  });

  it('names each field that breaks a rule', () => {
    const r = budgetDraft({ name: 'a\\b', tagKey: 'aws:Project', tagValue: '', monthlyUsd: '-5', emails: 'x@', thresholds: '0' });
    expect('problems' in r && r.problems).toEqual([
      { field: 'name', message: 'Name: "\\" at character 2 is not allowed (AWS Budgets forbids ":" and "\\").' },
      { field: 'tagKey', message: 'Tag key: keys starting with "aws:" are reserved for AWS.' },
      { field: 'tagValue', message: 'Tag value is required.' },
      { field: 'monthlyUsd', message: 'Monthly limit must be a number of US dollars, like 100 or 25.50.' },
      { field: 'emails', message: '"x@" is not an e-mail address.' },
      { field: 'thresholds', message: '"0" is not a percentage above 0.' },
    ]);
  });

  it('limits names to 100 characters and e-mails to 10', () => {
    expect(checkBudgetName('n'.repeat(100))).toBeNull();
    expect(checkBudgetName('n'.repeat(101))).toBe('Name is 101 characters long; at most 100 are allowed.');
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@example.com`).join(', ');
    const r = budgetDraft({ ...form, emails: eleven });
    expect('problems' in r && r.problems).toEqual([{ field: 'emails', message: '11 addresses; AWS e-mails at most 10.' }]);
  });

  it('splits lists on commas, semicolons and white space', () => {
    expect(splitList(' a@x.io,b@y.io;\n c@z.io  ')).toEqual(['a@x.io', 'b@y.io', 'c@z.io']);
  });
});

describe('billing alarm drafts', () => {
  it('needs a name and a threshold above $0', () => {
    expect(alarmDraft({ name: 'bedrock', thresholdUsd: '25.5' })).toEqual({ draft: { name: 'bedrock', thresholdUsd: 25.5 } });
    const r = alarmDraft({ name: ' ', thresholdUsd: '0' });
    expect('problems' in r && r.problems).toEqual([
      { field: 'name', message: 'Name is required.' },
      { field: 'thresholdUsd', message: 'Threshold must be more than $0.' },
    ]);
  });
});

describe('money and rows', () => {
  it('reads unknown as "unknown", never $0, and keeps small sums visible', () => {
    expect(formatUsd(null)).toBe('unknown');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00042)).toBe('$0.00042');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatDifference(-0.5)).toBe('−$0.50');
    expect(formatDifference(null)).toBe('—');
    expect(formatUsd(4e-9)).toBe('<$0.000001');
  });

  it('reads a bill equal to the estimate as no difference, whatever order the sums were added in', () => {
    const estimated = 0.1 + 0.2;
    const billed = 0.3;
    expect(billed - estimated).not.toBe(0);
    expect(difference(billed, estimated)).toBe(0);
    expect(formatDifference(difference(billed, estimated))).toBe('$0.00');
    expect(difference(0.5, 0.42)).toBe(0.08);
  });

  it('names each price source with its date and turns', () => {
    expect(priceSourceText({ source: 'PriceList', asOf: '2026-11-28', turns: 3 })).toBe('AWS Price List of 2026-11-28 (3 turns)');
    expect(priceSourceText({ source: 'UserFile', asOf: null, turns: 1 })).toBe('your prices.json (1 turn)');
    expect(priceSourceText({ source: null, asOf: null, turns: 2 })).toBe('prices recorded before Strata kept their source (2 turns)');
  });

  it('puts billed groups beside estimated ones; a group missing from a bill split by the key was billed $0', () => {
    const rows = costRows(byProject, {
      from: '2026-12-01',
      to: '2026-12-04',
      tagKey: 'Project',
      account: '123456789012',
      groups: [{ key: 'Alpha', billedUsd: 0.4, services: [] }],
      totalUsd: 0.4,
      estimatedByAws: false,
      fetchedMs: 0,
      fromCache: false,
      requests: 1,
    });
    expect(rows.map((r) => [r.key, r.billedUsd, r.differenceUsd === null ? null : Number(r.differenceUsd.toFixed(4))])).toEqual([
      ['Alpha', 0.4, -0.02],
      ['(Project not set)', 0, -0.0031],
      ['Beta', 0, null],
    ]);
    expect(costRows(byProject, null).every((r) => r.billedUsd === null)).toBe(true);
  });

  it('leaves each value unknown, never $0, while the bill is not split by the key yet', () => {
    const rows = costRows(byProject, {
      from: '2026-12-01',
      to: '2026-12-04',
      tagKey: 'Project',
      account: '123456789012',
      groups: [{ key: '(Project not set)', billedUsd: 0.5, services: [] }],
      totalUsd: 0.5,
      estimatedByAws: false,
      fetchedMs: 0,
      fromCache: false,
      requests: 1,
    });
    expect(rows.map((r) => [r.key, r.billedUsd, r.differenceUsd === null])).toEqual([
      ['Alpha', null, true],
      ['(Project not set)', 0.5, false],
      ['Beta', null, true],
    ]);
  });

  it('sorts unknown values last in both directions', () => {
    const rows = costRows(byProject, null);
    const label = (k: string) => k;
    expect(sortRows(rows, { column: 'estimated', direction: 'descending' }, label).map((r) => r.key)).toEqual(['Alpha', '(Project not set)', 'Beta']);
    expect(sortRows(rows, { column: 'estimated', direction: 'ascending' }, label).map((r) => r.key)).toEqual(['(Project not set)', 'Alpha', 'Beta']);
  });

  it('checks a custom period: dates, and an end after the start', () => {
    expect(checkCustomPeriod('2026-12-01', '2027-01-01')).toBeNull();
    expect(checkCustomPeriod('2026-12-01', '')).toBe('Choose the end day (YYYY-MM-DD).');
    expect(checkCustomPeriod('2026-12-05', '2026-12-01')).toMatch(/must be after the first day/);
  });
});
