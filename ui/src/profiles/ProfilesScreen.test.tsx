// The Profiles screen: reached from the navigation by keyboard; the table filters and sorts;
// every region's error on its own group; AccessDenied's policy and the quota ready to copy;
// tags change through TagResource/UntagResource; delete asks for the exact name and warns of use.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { IpcError } from '../bindings';
import { accessDenied, alphaProfile, aip, devProfile, marketingProfile, profilesBackend } from '../test/profiles';

const T = 30_000;

async function openProfiles(user: ReturnType<typeof userEvent.setup>) {
  render(<App />);
  await user.keyboard('{Alt>}2{/Alt}');
  return screen.findByRole('table', { name: 'Application profiles' });
}

function names(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .map((r) => r.getAttribute('data-arn'))
    .filter((a): a is string => a !== null)
    .map((arn) => [alphaProfile, marketingProfile, devProfile].find((p) => p.arn === arn)?.name ?? arn);
}

describe('navigation', () => {
  it('reaches Chat, Profiles and Settings with Alt+1/2/4 and marks the current one', async () => {
    profilesBackend();
    const user = userEvent.setup();
    render(<App />);
    const nav = screen.getByRole('navigation', { name: 'App' });
    const [chat, profiles, settings] = ['Chat', 'Profiles', 'Settings'].map((n) => within(nav).getByRole('button', { name: n }));
    expect(chat).toHaveAttribute('aria-current', 'page');

    await user.keyboard('{Alt>}2{/Alt}');
    expect(await screen.findByRole('heading', { name: 'Profiles' })).toBeInTheDocument();
    expect(profiles).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('main')).toHaveAccessibleName('Profiles');
    await user.keyboard('{Alt>}4{/Alt}');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(settings).toHaveAttribute('aria-current', 'page');
    await user.keyboard('{Alt>}1{/Alt}');
    expect(await screen.findByRole('textbox', { name: 'Message' })).toBeInTheDocument();

    // And by Tab and Enter, like any button; the picker still opens from the Profiles screen.
    profiles!.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Profiles' })).toBeInTheDocument();
    await user.keyboard('{Control>}k{/Control}');
    expect(await screen.findByRole('dialog', { name: 'Choose a model or profile' })).toBeInTheDocument();
  }, T);
});

describe('the table', () => {
  it('shows each profile: description, model, the cross-region profile it copies, status, times, tags and ARN', async () => {
    profilesBackend();
    const user = userEvent.setup();
    const table = await openProfiles(user);
    const dev = within(table).getByText('dev-claude-haiku').closest('tr')!;
    expect(dev).toHaveTextContent(`Cross-region · APAC: apac.anthropic.claude-3-haiku-20240307-v1:0`);
    expect(within(dev).getByRole('list', { name: 'Models underneath' })).toHaveTextContent('Claude 3 Haiku · ap-northeast-1');
    expect(dev).toHaveTextContent('ap-southeast-1');
    expect(dev).toHaveTextContent('ACTIVE');
    expect(dev).toHaveTextContent('2026-10-01');
    expect(within(dev).getByText('2026-10-01')).toHaveAttribute('title', devProfile.createdAt);
    expect(dev).toHaveTextContent('Environment=dev');
    expect(dev).toHaveTextContent(devProfile.arn);
    expect(within(dev).getByRole('button', { name: 'Copy the ARN of dev-claude-haiku' })).toBeInTheDocument();
    const alpha = within(table).getByText('project-alpha-claude-sonnet').closest('tr')!;
    expect(alpha).toHaveTextContent('Claude 3.5 Sonnet for Project Alpha');
    expect(screen.getByTestId('profiles-count')).toHaveTextContent('3 application profiles in ap-northeast-1');
  }, T);

  it('filters by words and by key=value, and sorts by any column with click or Enter', async () => {
    profilesBackend();
    const user = userEvent.setup();
    const table = await openProfiles(user);
    expect(names(table)).toEqual(['dev-claude-haiku', 'marketing-team-claude-haiku', 'project-alpha-claude-sonnet']);
    const nameHeader = within(table).getByRole('columnheader', { name: /Name/ });
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(nameHeader).getByRole('button'));
    expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    expect(names(table)).toEqual(['project-alpha-claude-sonnet', 'marketing-team-claude-haiku', 'dev-claude-haiku']);

    const created = within(table).getByRole('columnheader', { name: /Created/ });
    within(created).getByRole('button').focus();
    await user.keyboard('{Enter}');
    expect(created).toHaveAttribute('aria-sort', 'ascending');
    expect(nameHeader).toHaveAttribute('aria-sort', 'none');
    expect(names(table)).toEqual(['dev-claude-haiku', 'project-alpha-claude-sonnet', 'marketing-team-claude-haiku']);

    const filter = screen.getByRole('searchbox', { name: 'Filter profiles' });
    await user.type(filter, 'department=mark');
    expect(names(table)).toEqual(['marketing-team-claude-haiku']);
    await user.clear(filter);
    await user.type(filter, 'haiku');
    expect(names(table)).toEqual(['dev-claude-haiku', 'marketing-team-claude-haiku']);
    await user.type(filter, ' environment=dev');
    expect(names(table)).toEqual(['dev-claude-haiku']);
    expect(screen.getByTestId('profiles-count')).toHaveTextContent('1 of 3');
  }, T);

  it('lists all regions with each region\'s error on its own group', async () => {
    const throttled: IpcError = { kind: 'Throttled', message: 'Rate exceeded in eu-west-1.', hint: 'Wait and retry.' };
    const { of } = profilesBackend({
      regions: () => [
        { region: 'ap-northeast-1', profiles: [alphaProfile], error: null },
        { region: 'eu-west-1', profiles: [], error: throttled },
        { region: 'us-east-1', profiles: [aip('us-team', 'us0000000001', { region: 'us-east-1' })], error: null },
        { region: 'us-west-2', profiles: [], error: accessDenied },
      ],
    });
    const user = userEvent.setup();
    const table = await openProfiles(user);
    await user.click(screen.getByRole('checkbox', { name: 'All regions' }));
    await waitFor(() => expect(of('list_profiles')).toEqual([{ allRegions: false }, { allRegions: true }]));
    const eu = await within(table).findByTestId('region-error-eu-west-1');
    expect(eu).toHaveTextContent('Rate exceeded in eu-west-1.');
    expect(within(table).getByTestId('region-error-us-west-2')).toHaveTextContent('bedrock:ListInferenceProfiles');
    const us = table.querySelector('tbody[data-region="us-east-1"]') as HTMLElement;
    expect(us).toHaveTextContent('us-east-1 · 1 profile');
    expect(us).toHaveTextContent('us-team');
    expect(us).not.toHaveTextContent('Rate exceeded');
    expect(screen.getByTestId('profiles-count')).toHaveTextContent('in 4 regions');
  }, T);

  it('shows an empty state when the region has no application profile', async () => {
    profilesBackend({ profiles: [] });
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Alt>}2{/Alt}');
    expect(await screen.findByTestId('profiles-empty')).toHaveTextContent('No application profiles in this region yet');
  }, T);

  it('shows AccessDenied with the policy statement, ready to copy', async () => {
    profilesBackend({
      handlers: { list_profiles: () => [{ region: 'ap-northeast-1', profiles: [], error: accessDenied }] },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Alt>}2{/Alt}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Access denied');
    expect(alert).toHaveTextContent('Ask your administrator to allow bedrock:ListInferenceProfiles.');
    const policy = within(alert).getByTestId('policy-statement');
    expect(JSON.parse(policy.textContent ?? '')).toEqual(JSON.parse(accessDenied.hint!.slice(accessDenied.hint!.indexOf('\n{') + 1)));
    expect(within(alert).getByRole('button', { name: 'Copy the policy statement' })).toBeInTheDocument();
    expect(screen.queryByTestId('profiles-empty')).toBeNull();
  }, T);

  it('shows a used-up quota with its text and link to copy', async () => {
    const quota: IpcError = {
      kind: 'QuotaExceeded',
      message: "You have reached the quota of application inference profiles in ap-northeast-1 (AWS's default is 2,000 per account and region).",
      hint: 'Delete profiles you no longer use, or request an increase of "Application inference profiles per account" in Service Quotas: https://console.aws.amazon.com/servicequotas/home/services/bedrock/quotas',
    };
    profilesBackend({
      handlers: {
        create_profile: () => {
          throw quota;
        },
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Alt>}2{/Alt}');
    await user.click(await screen.findByRole('button', { name: 'New profile' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'x');
    await user.click(await screen.findByRole('radio', { name: /^Claude 3 Haiku/ }));
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('A quota is used up');
    expect(alert).toHaveTextContent('2,000 per account and region');
    expect(within(alert).getByTestId('quota-hint')).toHaveTextContent('Application inference profiles per account');
    expect(within(alert).getByRole('button', { name: 'Copy the Service Quotas link' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('x');
  }, T);
});

describe('tags and duplicates', () => {
  it('adds, changes and removes tags through tag_profile and untag_profile, and updates the row', async () => {
    const { of } = profilesBackend();
    const user = userEvent.setup();
    const table = await openProfiles(user);
    await user.click(within(table).getByRole('button', { name: 'Tags of project-alpha-claude-sonnet' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tags of project-alpha-claude-sonnet' });
    expect(dialog).toHaveTextContent('there is no update call');

    const value1 = within(dialog).getByRole('textbox', { name: 'Tag 1 value' });
    await user.clear(value1);
    await user.type(value1, 'Beta');
    await user.click(within(dialog).getByRole('button', { name: 'Remove tag 2 (Department)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add tag' }));
    await user.type(within(dialog).getByRole('combobox', { name: 'Tag 2 key' }), 'aws:x');
    expect(within(dialog).getByRole('combobox', { name: 'Tag 2 key' })).toHaveAccessibleDescription(/reserved/);
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));
    expect(of('tag_profile')).toEqual([]);

    await user.clear(within(dialog).getByRole('combobox', { name: 'Tag 2 key' }));
    await user.type(within(dialog).getByRole('combobox', { name: 'Tag 2 key' }), 'Environment');
    await user.type(within(dialog).getByRole('textbox', { name: 'Tag 2 value' }), 'prod');
    await user.click(within(dialog).getByRole('button', { name: 'Save tags' }));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Saved'));
    expect(of('tag_profile')).toEqual([
      { arn: alphaProfile.arn, tags: [{ key: 'Project', value: 'Beta' }, { key: 'Environment', value: 'prod' }] },
    ]);
    expect(of('untag_profile')).toEqual([{ arn: alphaProfile.arn, tagKeys: ['Department'] }]);
    const row = within(table).getByText('project-alpha-claude-sonnet').closest('tr')!;
    expect(row).toHaveTextContent('Project=Beta');
    expect(row).toHaveTextContent('Environment=prod');
    expect(row).not.toHaveTextContent('Department=');
    expect(of('list_profiles')).toHaveLength(1);
  }, T);

  it('opens the create form prefilled with a new name for "Duplicate with changes"', async () => {
    profilesBackend();
    const user = userEvent.setup();
    const table = await openProfiles(user);
    await user.click(within(table).getByRole('button', { name: 'Duplicate dev-claude-haiku with changes' }));
    expect(await screen.findByRole('heading', { name: 'Duplicate with changes' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('dev-claude-haiku-copy');
    expect(screen.getByRole('combobox', { name: 'Tag 1 key' })).toHaveValue('Environment');
    expect(await screen.findByRole('radio', { name: /APAC Claude 3 Haiku/ })).toBeChecked();
  }, T);
});

describe('delete', () => {
  it('needs the exact name, warns when the chat uses the profile, and removes the row', async () => {
    const { of } = profilesBackend({
      use: { selected: true, conversations: [{ id: 'c1', title: 'Budget question' }, { id: 'c2', title: 'Q3 plan' }] },
    });
    const user = userEvent.setup();
    const table = await openProfiles(user);
    await user.click(within(table).getByRole('button', { name: 'Delete marketing-team-claude-haiku' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete marketing-team-claude-haiku?' });
    expect(of('profile_use')).toEqual([{ arn: marketingProfile.arn }]);
    const usage = await within(dialog).findByTestId('delete-usage');
    expect(usage).toHaveTextContent("It is the chat's current selection");
    expect(usage).toHaveTextContent('2 saved conversations use it');
    expect(usage).toHaveTextContent('Budget question');
    expect(usage).toHaveTextContent('Q3 plan');

    const confirm = within(dialog).getByRole('textbox', { name: /to confirm/ });
    const remove = within(dialog).getByRole('button', { name: 'Delete profile' });
    expect(confirm).toHaveFocus();
    await user.type(confirm, 'Marketing-team-claude-haiku');
    expect(remove).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(of('delete_profile')).toEqual([]);
    await user.clear(confirm);
    await user.type(confirm, 'marketing-team-claude-haik');
    expect(remove).toBeDisabled();
    await user.type(confirm, 'u');
    expect(remove).toBeEnabled();
    await user.click(remove);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(of('delete_profile')).toEqual([{ arn: marketingProfile.arn }]);
    expect(within(table).queryByText('marketing-team-claude-haiku')).toBeNull();
    expect(screen.getByText('Deleted marketing-team-claude-haiku.')).toBeInTheDocument();
  }, T);

  it('says nothing about use when nothing uses it, and keeps the dialog with the error when the delete fails', async () => {
    const { of } = profilesBackend({
      handlers: {
        delete_profile: () => {
          throw { kind: 'NotFound', message: 'No such profile.', hint: null };
        },
      },
    });
    const user = userEvent.setup();
    const table = await openProfiles(user);
    await user.click(within(table).getByRole('button', { name: 'Delete dev-claude-haiku' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete dev-claude-haiku?' });
    await waitFor(() => expect(within(dialog).queryByText(/Checking whether/)).toBeNull());
    expect(within(dialog).queryByTestId('delete-usage')).toBeNull();
    await user.type(within(dialog).getByRole('textbox', { name: /to confirm/ }), 'dev-claude-haiku');
    await user.click(within(dialog).getByRole('button', { name: 'Delete profile' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('No such profile.');
    expect(of('delete_profile')).toHaveLength(1);
    expect(within(table).getByText('dev-claude-haiku')).toBeInTheDocument();
  }, T);
});

describe('the picker setting', () => {
  it('says when Enable Inference Profiles hides these profiles from the picker, and turns it on', async () => {
    const backend = profilesBackend({ settings: { enableInferenceProfiles: false } });
    const user = userEvent.setup();
    await openProfiles(user);
    const note = await screen.findByRole('note', { name: 'Enable Inference Profiles is off' });
    await user.click(within(note).getByRole('button', { name: 'Turn it on' }));
    await waitFor(() => expect(screen.queryByRole('note', { name: 'Enable Inference Profiles is off' })).not.toBeInTheDocument());
    const saved = backend.of('update_settings').at(-1)?.settings as { enableInferenceProfiles: boolean } | undefined;
    expect(saved?.enableInferenceProfiles).toBe(true);
  }, T);

  it('says nothing when the setting is on', async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openProfiles(user);
    expect(screen.queryByRole('note', { name: 'Enable Inference Profiles is off' })).not.toBeInTheDocument();
  }, T);
});
