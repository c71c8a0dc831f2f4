// The create form: live validation with the character, its position and a fix; tags by rows and
// by pasted JSON; one client request token per draft; a failed create keeps the draft.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { IpcError, ProfileDraft } from '../bindings';
import { HAIKU, profilesBackend, REGION } from '../test/profiles';

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  render(<App />);
  await user.keyboard('{Alt>}2{/Alt}');
  await user.click(await screen.findByRole('button', { name: 'New profile' }));
  return screen.findByRole('form', { name: 'New profile' });
}

/** Puts `text` in a field in one input event (typing every character re-renders the whole app). */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

async function chooseHaiku(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('radio', { name: /^Claude 3 Haiku/ }));
}

describe('create form validation', () => {
  it("shows the guide's descriptions' offending character, its position and AWS's nearest text; Use applies it", async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    const description = screen.getByRole('textbox', { name: 'Description' });

    await fill(user, description, 'Project Alpha - Claude 3.5 Sonnet');
    expect(description).toHaveAttribute('aria-invalid', 'true');
    expect(description).toHaveAccessibleDescription(/"-" at character 15 follows a space/);
    await user.click(screen.getByRole('button', { name: 'Use: Project Alpha: Claude 3.5 Sonnet' }));
    expect(description).toHaveValue('Project Alpha: Claude 3.5 Sonnet');
    expect(description).not.toHaveAttribute('aria-invalid');

    await fill(user, description, 'Marketing Team - Claude 3 Haiku');
    expect(description).toHaveAccessibleDescription(/"-" at character 16 follows a space/);
    await user.click(screen.getByRole('button', { name: 'Use: Marketing Team: Claude 3 Haiku' }));
    expect(description).toHaveValue('Marketing Team: Claude 3 Haiku');

    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name).toHaveAccessibleDescription(/letters, digits, and a single space/);
    await fill(user, name, 'Project Alpha (Sonn');
    // Live while typing: the problem is there before the field is left.
    await user.type(name, 'et)');
    expect(name).toHaveAccessibleDescription(/"\(" at character 15 is not allowed/);
    await user.click(screen.getByRole('button', { name: 'Use: Project Alpha-Sonnet' }));
    expect(name).toHaveValue('Project Alpha-Sonnet');
  }, 30_000);

  it('refuses an aws: key, a duplicate key and 51 tags, and sends nothing', async () => {
    const { of } = profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    await fill(user, screen.getByRole('textbox', { name: 'Name' }), 'team-a');
    await chooseHaiku(user);

    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await fill(user, screen.getByRole('combobox', { name: 'Tag 1 key' }), 'aws:cost');
    expect(screen.getByRole('combobox', { name: 'Tag 1 key' })).toHaveAccessibleDescription(/reserved for AWS/);

    await fill(user, screen.getByRole('combobox', { name: 'Tag 1 key' }), 'Project');
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await fill(user, screen.getByRole('combobox', { name: 'Tag 2 key' }), 'Project');
    expect(screen.getByRole('combobox', { name: 'Tag 1 key' })).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('combobox', { name: 'Tag 2 key' })).toHaveAccessibleDescription(/already used by an earlier tag/);

    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    expect(screen.getByRole('alert')).toHaveTextContent('One field needs a change');
    expect(of('create_profile')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Remove tag 2 (Project)' }));
    await user.click(screen.getByText("Paste tags as the AWS CLI's JSON"));
    await user.click(screen.getByRole('textbox', { name: 'Tags as JSON' }));
    await user.paste(JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }))));
    await user.click(screen.getByRole('button', { name: 'Add these tags' }));
    expect(screen.getAllByRole('combobox', { name: /^Tag \d+ key$/ })).toHaveLength(51);
    expect(screen.getByText('51 tags; a profile can have at most 50.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create profile' }));
    expect(of('create_profile')).toEqual([]);
  }, 30_000);

  it('fills tag rows from the CLI\'s pasted JSON and says why bad JSON is refused', async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    await user.click(screen.getByText("Paste tags as the AWS CLI's JSON"));
    const box = screen.getByRole('textbox', { name: 'Tags as JSON' });

    await user.click(box);
    await user.paste('[{"key": "Project", "value": "Alpha"');
    await user.click(screen.getByRole('button', { name: 'Add these tags' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/^Not valid JSON: /);
    await user.clear(box);
    await user.paste('{"key": "Project"}');
    await user.click(screen.getByRole('button', { name: 'Add these tags' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Expected a JSON list');
    await user.clear(box);
    await user.paste('[{"key": "Project", "value": "Alpha"}, {"key": "Environment", "value": "dev"}]');
    await user.click(screen.getByRole('button', { name: 'Add these tags' }));

    expect(screen.getByRole('combobox', { name: 'Tag 1 key' })).toHaveValue('Project');
    expect(screen.getByRole('textbox', { name: 'Tag 1 value' })).toHaveValue('Alpha');
    expect(screen.getByRole('combobox', { name: 'Tag 2 key' })).toHaveValue('Environment');
    expect(screen.getByRole('textbox', { name: 'Tag 2 value' })).toHaveValue('dev');
    expect(box).toHaveValue('');
  }, 30_000);

  it('suggests the tag keys of the region\'s profiles and the usual ones', async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    const key = screen.getByRole('combobox', { name: 'Tag 1 key' });
    const list = document.getElementById(key.getAttribute('list') ?? '');
    const values = [...(list?.querySelectorAll('option') ?? [])].map((o) => o.getAttribute('value'));
    expect(values).toEqual(['CostCenter', 'Department', 'Environment', 'Project']);
  }, 30_000);

  it('shows a source that cannot be copied disabled, with the reason', async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    const sonnet4 = await screen.findByRole('radio', { name: /Claude Sonnet 4/ });
    expect(sonnet4).toBeDisabled();
    expect(sonnet4).toHaveAccessibleDescription('Cannot be copied: offered only through cross-region profiles: copy one of those');
    await user.type(screen.getByRole('searchbox', { name: 'Search models and cross-region profiles' }), 'apac');
    expect(screen.getAllByRole('radio')).toHaveLength(1);
    await user.click(screen.getByRole('radio', { name: /APAC Claude 3 Haiku/ }));
    expect(screen.getByTestId('chosen-source')).toHaveTextContent(`inference-profile/apac.${HAIKU}`);
  }, 30_000);
});

describe('creating', () => {
  it('shows the equivalent AWS CLI command, quoted for a shell', async () => {
    profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    await fill(user, screen.getByRole('textbox', { name: 'Name' }), 'Team A');
    await fill(user, screen.getByRole('textbox', { name: 'Description' }), 'For team A');
    await chooseHaiku(user);
    await user.click(screen.getByText("Paste tags as the AWS CLI's JSON"));
    await user.click(screen.getByRole('textbox', { name: 'Tags as JSON' }));
    await user.paste('[{"key":"Project","value":"A b"}]');
    await user.click(screen.getByRole('button', { name: 'Add these tags' }));
    expect(screen.getByTestId('cli-command').textContent).toBe(
      [
        'aws bedrock create-inference-profile',
        "--inference-profile-name 'Team A'",
        "--description 'For team A'",
        `--model-source '{"copyFrom":"arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}"}'`,
        `--tags '[{"key":"Project","value":"A b"}]'`,
      ].join(' \\\n  '),
    );
  }, 30_000);

  it('is disabled while a create runs, reuses the token on a retry, keeps the draft on failure, and takes a new token for a changed draft', async () => {
    const timeout: IpcError = { kind: 'Network', message: 'The request timed out.', hint: 'Try again.' };
    let finish: (outcome: 'fail' | 'ok') => void = () => undefined;
    const { of } = profilesBackend({
      handlers: {
        create_profile: () =>
          new Promise((resolve, reject) => {
            finish = (outcome) => (outcome === 'fail' ? reject(timeout) : resolve(null));
          }),
      },
    });
    const user = userEvent.setup();
    await openForm(user);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'team-a');
    await chooseHaiku(user);
    const create = screen.getByRole('button', { name: 'Create profile' });

    await user.dblClick(create);
    await waitFor(() => expect(of('create_profile')).toHaveLength(1));
    expect(create).toBeDisabled();
    expect(screen.getByText('Creating…')).toBeInTheDocument();
    finish('fail');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request timed out.');
    expect(create).toBeEnabled();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('team-a');
    expect(screen.getByRole('radio', { name: /^Claude 3 Haiku/ })).toBeChecked();

    await user.click(create);
    await waitFor(() => expect(of('create_profile')).toHaveLength(2));
    finish('fail');
    await waitFor(() => expect(create).toBeEnabled());
    await user.type(screen.getByRole('textbox', { name: 'Name' }), '2');
    await user.click(create);
    await waitFor(() => expect(of('create_profile')).toHaveLength(3));

    const [first, retry, changed] = of('create_profile') as { draft: ProfileDraft; clientRequestToken: string }[];
    expect(first!.draft).toEqual({ name: 'team-a', description: '', source: `arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`, tags: [] });
    expect(first!.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry!.clientRequestToken).toBe(first!.clientRequestToken);
    expect(changed!.draft.name).toBe('team-a2');
    expect(changed!.clientRequestToken).not.toBe(first!.clientRequestToken);
  }, 30_000);

  it('adds the created profile to the table from the answer, without listing again', async () => {
    const { of } = profilesBackend();
    const user = userEvent.setup();
    await openForm(user);
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'team-b');
    await chooseHaiku(user);
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.type(screen.getByRole('combobox', { name: 'Tag 1 key' }), 'Project');
    await user.type(screen.getByRole('textbox', { name: 'Tag 1 value' }), 'B');
    await user.click(screen.getByRole('button', { name: 'Create profile' }));

    const table = await screen.findByRole('table', { name: 'Application profiles' });
    const row = within(table).getByText('team-b').closest('tr')!;
    expect(row).toHaveTextContent('Project=B');
    expect(screen.getByText('Created team-b.')).toBeInTheDocument();
    expect(of('list_profiles')).toHaveLength(1);
  }, 30_000);
});
