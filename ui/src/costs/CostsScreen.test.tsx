// The Costs screen against a fake backend: loading and empty states, the estimate with
// unknown-cost turns (never $0), the billed side's gaps (no permission with the IAM statement,
// API-key credentials), an inactive tag flagged and activated, alerts made and deleted, CSV export.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { CostQuery, Estimate } from '../bindings';
import { ACCOUNT, budgetAlpha, byProfile, byProject, costsBackend, estimateOf, noPermission, PRINCIPAL } from '../test/costs';
import { alphaProfile } from '../test/profiles';

const T = 30_000;

async function openCosts(user: ReturnType<typeof userEvent.setup>) {
  render(<App />);
  await user.keyboard('{Alt>}3{/Alt}');
  return screen.findByRole('heading', { name: 'Costs', level: 1 });
}

async function groupByProject(user: ReturnType<typeof userEvent.setup>) {
  const select = screen.getByLabelText('Group by');
  await waitFor(() => expect(within(select).getByRole('option', { name: 'Tag: Project' })).toBeInTheDocument());
  await user.selectOptions(select, 'tag:Project');
  return screen.findByRole('table', { name: 'Spend by Project' });
}

function reportQueries(calls: { cmd: string; args: unknown }[]): CostQuery[] {
  return calls.filter((c) => c.cmd === 'costs_report').map((c) => (c.args as { query: CostQuery }).query);
}

describe('opening the screen', () => {
  it('is the third place of the navigation (Alt+3), heads with the identity, and says it is loading until the estimate comes', async () => {
    let answer: (e: Estimate) => void = () => undefined;
    const { calls } = costsBackend({ estimate: () => new Promise<Estimate>((r) => (answer = r)) });
    const user = userEvent.setup();
    await openCosts(user);
    const nav = screen.getByRole('navigation', { name: 'App' });
    expect(within(nav).getByRole('button', { name: 'Costs' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('main')).toHaveAccessibleName('Costs');
    expect(screen.getByText('Loading the estimate…')).toHaveAttribute('role', 'status');
    expect(await screen.findByTestId('identity')).toHaveTextContent(`Account ${ACCOUNT} · ${PRINCIPAL}`);
    // At once, the estimate only: Cost Explorer is not asked until the user says so.
    expect(reportQueries(calls)).toEqual([{ period: { kind: 'thisMonth' }, by: 'profile', source: 'estimate', refresh: false }]);
    answer(byProfile);
    expect(await screen.findByTestId('costs-total')).toHaveTextContent('Estimated $0.47 over 6 turns');
    expect(screen.queryByText('Loading the estimate…')).not.toBeInTheDocument();
  }, T);

  it('says so when the period has no turns, and when the identity cannot be had', async () => {
    costsBackend({
      estimate: () => estimateOf('profile', []),
      identity: () => {
        throw { kind: 'NoCredentials', message: 'No AWS credentials were found.', hint: 'Run aws configure.' };
      },
    });
    const user = userEvent.setup();
    await openCosts(user);
    expect(await screen.findByTestId('costs-empty')).toHaveTextContent('No turns in this period (2026-12-01 up to 2026-12-04, not counted)');
    expect(screen.queryByRole('img', { name: /Estimated spend per day/ })).not.toBeInTheDocument();
    expect(await screen.findByTestId('identity-problem')).toHaveTextContent('Account unknown: No AWS credentials were found.');
  }, T);

  it('shows the estimate error with its hint instead of a table', async () => {
    costsBackend({
      estimate: () => {
        throw { kind: 'Internal', message: 'The usage ledger could not be opened.', hint: 'Check the data folder.' };
      },
    });
    const user = userEvent.setup();
    await openCosts(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The usage ledger could not be opened.');
    expect(alert).toHaveTextContent('Check the data folder.');
    expect(screen.queryByRole('table', { name: /Spend by/ })).not.toBeInTheDocument();
  }, T);
});

describe('the estimate', () => {
  it('names profiles, counts unknown-cost turns apart and never shows them as $0', async () => {
    costsBackend();
    const user = userEvent.setup();
    await openCosts(user);
    const table = await screen.findByRole('table', { name: 'Spend by Profile' });
    const alpha = await within(table).findByRole('rowheader', { name: 'project-alpha-claude-sonnet' });
    expect(alpha).toHaveAttribute('title', alphaProfile.arn);
    const row = alpha.closest('tr')!;
    expect(within(row).getByText('$0.42')).toBeInTheDocument();
    expect(row).toHaveTextContent('without 1 unpriced');
    expect(row.querySelector('[data-column="unknown"]')).toHaveTextContent('1');
    expect(screen.getByTestId('unknown-note')).toHaveTextContent('1 of 6 turns have no known price');
    expect(screen.getByTestId('price-sources')).toHaveTextContent('Priced with built-in prices of 2026-11-01 (5 turns).');
  }, T);

  it('by a tag key: a group with only unknown turns says so, the chart is an image with a legend and a data table', async () => {
    const { calls } = costsBackend({ estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile) });
    const user = userEvent.setup();
    await openCosts(user);
    const table = await groupByProject(user);
    expect(reportQueries(calls).at(-1)).toEqual({ period: { kind: 'thisMonth' }, by: 'tag:Project', source: 'estimate', refresh: false });
    const beta = within(table).getByRole('rowheader', { name: 'Beta' }).closest('tr')!;
    expect(beta.querySelector('[data-column="estimated"]')).toHaveTextContent('unknown (all 2 turns unpriced)');
    expect(beta).not.toHaveTextContent('$0');
    expect(within(table).getByRole('rowheader', { name: '(Project not set)' }).closest('tr')).toHaveTextContent('$0.0031');
    // Sorting by Estimated, ascending: unknown stays last.
    await user.click(within(table).getByRole('button', { name: 'Estimated' }));
    await user.click(within(table).getByRole('button', { name: /Estimated/ }));
    const order = within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent);
    expect(order).toEqual(['(Project not set)', 'Alpha', 'Beta', 'Total']);
    expect(within(table).getByRole('columnheader', { name: /Estimated/ })).toHaveAttribute('aria-sort', 'ascending');

    const chart = screen.getByRole('img', { name: /Estimated spend per day by Project/ });
    expect(chart).toHaveAccessibleDescription(/from 2026-12-01 up to 2026-12-04/);
    expect(chart.querySelectorAll('rect[data-series="Alpha"]')).toHaveLength(1);
    expect(chart.querySelectorAll('rect[data-series="Beta"]')).toHaveLength(0);
    expect(within(screen.getByRole('list', { name: 'Legend' })).getAllByRole('listitem').map((l) => l.textContent)).toEqual([
      'Alpha',
      '(Project not set)',
    ]);
    const data = screen.getByRole('table', { name: 'Chart data', hidden: true });
    expect(within(data).getByRole('rowheader', { name: '2026-12-02', hidden: true }).closest('tr')).toHaveTextContent('2026-12-02$0.42$0.00312');
  }, T);

  it('asks for a custom period only once it is valid, explaining the end day is not counted', async () => {
    const { calls } = costsBackend();
    const user = userEvent.setup();
    await openCosts(user);
    await screen.findByTestId('costs-total');
    await user.selectOptions(screen.getByLabelText('Period'), 'custom');
    const from = screen.getByLabelText('From (counted)');
    const to = screen.getByLabelText('To (not counted)');
    expect(to).toHaveAccessibleDescription(/The end day is not counted/);
    await user.clear(from);
    await user.type(from, '2026-12-10');
    await user.clear(to);
    await user.type(to, '2026-12-10');
    expect(to).toHaveAccessibleDescription('The end (2026-12-10) must be after the first day (2026-12-10): the end day itself is not counted.');
    expect(reportQueries(calls).some((q) => q.period.kind === 'custom' && q.period.to === '2026-12-10')).toBe(false);
    await user.clear(to);
    await user.type(to, '2026-12-20');
    await waitFor(() =>
      expect(reportQueries(calls).at(-1)?.period).toEqual({ kind: 'custom', from: '2026-12-10', to: '2026-12-20' }),
    );
  }, T);

  it('exports the table as CSV and shows where it was written', async () => {
    const { calls } = costsBackend();
    const user = userEvent.setup();
    await openCosts(user);
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByTestId('csv-path')).toHaveTextContent(
      'Wrote 2 rows to /home/u/Downloads/strata-costs-2026-12-01-2026-12-04-by-profile.csv',
    );
    expect(calls.find((c) => c.cmd === 'export_costs_csv')?.args).toEqual({
      query: { period: { kind: 'thisMonth' }, by: 'profile', source: 'estimate', refresh: false },
    });
  }, T);
});

describe('the billed side', () => {
  it('asks Cost Explorer only on request, and says why grouping by profile cannot compare', async () => {
    const { calls } = costsBackend({ estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile) });
    const user = userEvent.setup();
    await openCosts(user);
    const billed = screen.getByRole('region', { name: 'Billed by AWS (Cost Explorer)' });
    expect(billed).toHaveTextContent('Cost Explorer splits the bill by tag: group by a tag key to compare.');
    expect(within(billed).queryByRole('button', { name: 'Get billed costs' })).not.toBeInTheDocument();
    await groupByProject(user);
    expect(billed).toHaveTextContent('Each Cost Explorer request costs $0.01; billing data lags 24–48 hours.');
    expect(reportQueries(calls).every((q) => q.source === 'estimate')).toBe(true);
  }, T);

  it('without permission: the message and the IAM statement to add, ready to copy; the estimate stays', async () => {
    const { calls } = costsBackend({
      estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile),
      billed: () => ({ state: 'unavailable', gap: 'noPermission', error: noPermission }),
    });
    const user = userEvent.setup();
    await openCosts(user);
    await groupByProject(user);
    await user.click(screen.getByRole('button', { name: 'Get billed costs' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cost Explorer refused GetCostAndUsage');
    expect(alert).toHaveTextContent('Add this statement to the IAM policy of');
    expect(within(alert).getByTestId('costs-policy')).toHaveTextContent('"Action": [ "ce:GetCostAndUsage" ]');
    expect(within(alert).getByRole('button', { name: 'Copy the IAM statement' })).toBeInTheDocument();
    expect(reportQueries(calls).at(-1)).toEqual({ period: { kind: 'thisMonth' }, by: 'tag:Project', source: 'both', refresh: false });
    expect(screen.getByRole('table', { name: 'Spend by Project' })).toBeInTheDocument();
  }, T);

  it('with Bedrock API-key credentials: says API keys reach only Bedrock', async () => {
    costsBackend({
      estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile),
      billed: () => ({
        state: 'unavailable',
        gap: 'apiKey',
        error: { kind: 'NoCredentials', message: 'The credentials are a Bedrock API key.', hint: null },
      }),
    });
    const user = userEvent.setup();
    await openCosts(user);
    await groupByProject(user);
    await user.click(screen.getByRole('button', { name: 'Get billed costs' }));
    const note = await screen.findByTestId('billed-api-key');
    expect(note).toHaveTextContent('Bedrock API keys reach only Bedrock');
    expect(note).toHaveTextContent('The credentials are a Bedrock API key.');
  }, T);

  it('when billed: per tag value beside the estimate with the difference, from cache, and Refresh asks again', async () => {
    const { calls } = costsBackend({
      estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile),
      billed: (q) => ({
        state: 'available',
        billed: {
          from: '2026-12-01',
          to: '2026-12-04',
          tagKey: 'Project',
          account: ACCOUNT,
          groups: [
            { key: 'Alpha', billedUsd: 0.5, services: [{ service: 'Claude 3.5 Sonnet (Amazon Bedrock Edition)', billedUsd: 0.5 }] },
            { key: 'Gamma', billedUsd: 1.25, services: [{ service: 'Amazon Bedrock', billedUsd: 1.25 }] },
          ],
          totalUsd: 1.75,
          estimatedByAws: true,
          fetchedMs: Date.UTC(2026, 11, 3, 9, 0),
          fromCache: !q.refresh,
          requests: 1,
        },
      }),
    });
    const user = userEvent.setup();
    await openCosts(user);
    const table = await groupByProject(user);
    await user.click(screen.getByRole('button', { name: 'Get billed costs' }));
    await waitFor(() => expect(within(table).getByRole('columnheader', { name: /Billed/ })).toBeInTheDocument());
    const alpha = within(table).getByRole('rowheader', { name: 'Alpha' }).closest('tr')!;
    expect(alpha.querySelector('[data-column="billed"]')).toHaveTextContent('$0.50');
    expect(alpha.querySelector('[data-column="difference"]')).toHaveTextContent('+$0.08');
    const gamma = within(table).getByRole('rowheader', { name: 'Gamma' }).closest('tr')!;
    expect(gamma.querySelector('[data-column="estimated"]')).toHaveTextContent('no turns recorded');
    expect(gamma.querySelector('[data-column="difference"]')).toHaveTextContent('—');
    expect(screen.getByTestId('billed-summary')).toHaveTextContent('AWS billed $1.75 for Bedrock in account 123456789012');
    expect(screen.getByTestId('billed-summary')).toHaveTextContent('not final yet');
    expect(screen.getByTestId('billed-fetched')).toHaveTextContent('from cache (no request made now)');
    await user.click(screen.getByRole('button', { name: 'Refresh (another $0.01 request)' }));
    await waitFor(() => expect(screen.getByTestId('billed-fetched')).toHaveTextContent('1 Cost Explorer request ($0.01)'));
    expect(reportQueries(calls).at(-1)?.refresh).toBe(true);
  }, T);
});

describe('tag activation', () => {
  it('lists each key with its status, flags an inactive key when grouping by it, and activates it', async () => {
    const { calls } = costsBackend({
      estimate: (q) => (q.by === 'tag:Project' ? byProject : byProfile),
      tags: [
        { key: 'Department', status: 'active', profiles: 2, lastUpdated: null, lastUsed: '2026-11-30' },
        { key: 'Environment', status: 'notSeen', profiles: 1, lastUpdated: null, lastUsed: null },
        { key: 'Project', status: 'inactive', profiles: 1, lastUpdated: null, lastUsed: '2026-11-30' },
      ],
    });
    const user = userEvent.setup();
    await openCosts(user);
    const tags = await screen.findByRole('table', { name: 'Cost allocation tags' });
    const status = (key: string) => tags.querySelector(`[data-tag="${key}"] [data-column="status"]`);
    expect(status('Department')).toHaveTextContent('Active');
    expect(status('Environment')).toHaveTextContent('Not yet seen by billing');
    expect(status('Project')).toHaveTextContent('Inactive');
    expect(tags.querySelector('[data-tag="Department"]')).toHaveTextContent('DepartmentActive2');
    expect(within(tags).queryByRole('button', { name: 'Activate Department' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('inactive-flag')).not.toBeInTheDocument();

    await groupByProject(user);
    const flag = screen.getByTestId('inactive-flag');
    expect(flag).toHaveTextContent('Spend under Project will not appear in Cost Explorer until this tag is activated.');
    expect(flag).toHaveTextContent('AWS takes up to 24 hours');
    await user.click(within(flag).getByRole('button', { name: 'Activate Project' }));
    await waitFor(() => expect(status('Project')).toHaveTextContent('Active'));
    expect(status('Project')).toHaveTextContent('AWS takes up to 24 hours to apply an activation.');
    expect(screen.queryByTestId('inactive-flag')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'activate_cost_tags').map((c) => c.args)).toEqual([{ keys: ['Project'] }]);
  }, T);

  it('reads the statuses once per session (each read is a billed request); Check again reads anew', async () => {
    const { calls } = costsBackend({ tags: [{ key: 'Project', status: 'active', profiles: 1, lastUpdated: null, lastUsed: null }] });
    const user = userEvent.setup();
    await openCosts(user);
    await screen.findByRole('table', { name: 'Cost allocation tags' });
    await user.keyboard('{Alt>}1{/Alt}');
    await user.keyboard('{Alt>}3{/Alt}');
    const panel = await screen.findByRole('region', { name: 'Cost allocation tags' });
    expect(panel).toHaveTextContent('Reading the statuses is one Cost Explorer request ($0.01), made once per session.');
    expect(calls.filter((c) => c.cmd === 'cost_tags')).toHaveLength(1);
    await user.click(within(panel).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cost_tags')).toHaveLength(2));
    expect(await within(panel).findByRole('table', { name: 'Cost allocation tags' })).toHaveTextContent('ProjectActive1');
  }, T);

  it('shows an activation error and keeps the key inactive', async () => {
    costsBackend({
      tags: [{ key: 'Project', status: 'inactive', profiles: 1, lastUpdated: null, lastUsed: null }],
      handlers: {
        activate_cost_tags: () => {
          throw { kind: 'AccessDenied', message: 'ce:UpdateCostAllocationTagsStatus was denied.', hint: 'Ask for the permission.' };
        },
      },
    });
    const user = userEvent.setup();
    await openCosts(user);
    const tags = await screen.findByRole('table', { name: 'Cost allocation tags' });
    await user.click(within(tags).getByRole('button', { name: 'Activate Project' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ce:UpdateCostAllocationTagsStatus was denied.');
    expect(tags.querySelector('[data-tag="Project"] [data-column="status"]')).toHaveTextContent('Inactive');
  }, T);
});

describe('alerts', () => {
  it('checks a budget draft before sending, keeps it, creates it, and deletes an alert after confirmation', async () => {
    const { calls, state } = costsBackend({ alerts: [budgetAlpha] });
    const user = userEvent.setup();
    await openCosts(user);
    const list = await screen.findByRole('table', { name: 'Alerts' });
    expect(list.querySelector('[data-alert="alpha-monthly"]')).toHaveTextContent('alpha-monthlyBudgetProject = Alpha$100.00 a month80%, 100%$12.50 this month');

    const form = screen.getByRole('form', { name: 'Budget for a tag value' });
    await user.type(within(form).getByLabelText('Budget name'), 'beta:monthly');
    await user.type(within(form).getByLabelText('Tag value'), 'Beta');
    await user.type(within(form).getByLabelText('Monthly limit (USD)'), '0');
    await user.type(within(form).getByLabelText('E-mail addresses'), 'ana@example');
    await user.click(within(form).getByRole('button', { name: 'Create budget' }));
    expect(within(form).getByLabelText('Budget name')).toHaveAccessibleDescription(/":" at character 5 is not allowed/);
    expect(within(form).getByLabelText('Monthly limit (USD)')).toHaveAccessibleDescription('Monthly limit must be more than $0.');
    expect(within(form).getByLabelText('E-mail addresses')).toHaveAccessibleDescription('"ana@example" is not an e-mail address.');
    expect(calls.some((c) => c.cmd === 'create_budget')).toBe(false);

    const name = within(form).getByLabelText('Budget name');
    await user.clear(name);
    await user.type(name, 'beta-monthly');
    const amount = within(form).getByLabelText('Monthly limit (USD)');
    await user.clear(amount);
    await user.type(amount, '50');
    await user.type(within(form).getByLabelText('E-mail addresses'), '.com, bo@example.com');
    await user.click(within(form).getByRole('button', { name: 'Create budget' }));
    await waitFor(() => expect(list.querySelector('[data-alert="beta-monthly"]')).toHaveTextContent('Project = Beta$50.00 a month80%, 100%'));
    expect(calls.find((c) => c.cmd === 'create_budget')?.args).toEqual({
      draft: {
        name: 'beta-monthly',
        monthlyUsd: 50,
        tag: { key: 'Project', value: 'Beta' },
        emails: ['ana@example.com', 'bo@example.com'],
        thresholdsPercent: [80, 100],
      },
    });

    await user.click(within(list).getByRole('button', { name: 'Delete alpha-monthly' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete the budget “alpha-monthly”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(list.querySelector('[data-alert="alpha-monthly"]')).toBeNull());
    expect(state.alerts.map((a) => a.name)).toEqual(['beta-monthly']);
  }, T);

  it('shows the backend error on a billing alarm, keeping the draft, and says the alarm covers all Bedrock spend', async () => {
    const { calls } = costsBackend({
      handlers: {
        create_billing_alarm: () => {
          throw { kind: 'AccessDenied', message: 'cloudwatch:PutMetricAlarm was denied.', hint: 'Add cloudwatch:PutMetricAlarm.' };
        },
      },
    });
    const user = userEvent.setup();
    await openCosts(user);
    expect(await screen.findByText('Strata has made no budgets or billing alarms in this account.')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'CloudWatch billing alarm' });
    expect(within(form).getByTestId('alarm-scope')).toHaveTextContent("covers all of the account's Bedrock spend");
    expect(within(form).getByTestId('alarm-scope')).toHaveTextContent('no tag dimension');
    await user.type(within(form).getByLabelText('Alarm name'), 'bedrock-over-100');
    await user.type(within(form).getByLabelText('Threshold (USD)'), '100');
    await user.click(within(form).getByRole('button', { name: 'Create billing alarm' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('cloudwatch:PutMetricAlarm was denied.');
    expect(within(form).getByLabelText('Alarm name')).toHaveValue('bedrock-over-100');
    expect(within(form).getByLabelText('Threshold (USD)')).toHaveValue('100');
    expect(calls.find((c) => c.cmd === 'create_billing_alarm')?.args).toEqual({ draft: { name: 'bedrock-over-100', thresholdUsd: 100 } });
  }, T);
});
