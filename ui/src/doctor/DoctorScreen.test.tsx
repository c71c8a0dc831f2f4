import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { Check, FixAction } from '../bindings';
import { check, doctorBackend, HARNESS_TIMEOUT, type DoctorRun } from '../test/doctor';

async function openDoctor() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  await user.click(await screen.findByRole('button', { name: 'Run the doctor' }));
  await screen.findByRole('heading', { name: 'Doctor' });
  return user;
}

function row(id: string): HTMLElement {
  const found = screen.getByRole('list', { name: 'Checks' }).querySelector<HTMLElement>(`[data-check="${id}"]`);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

const rowIds = () => [...screen.getByRole('list', { name: 'Checks' }).querySelectorAll('[data-check]')].map((r) => r.getAttribute('data-check'));

const SETTING_OFF = check('setting', 'fail', 'Enable Inference Profiles is off: application profiles are not listed.', {
  fix: 'Turn on Enable Inference Profiles in Settings → AWS Settings.',
  action: { kind: 'enableInferenceProfiles' },
  details: ['setting enableInferenceProfiles: false'],
});

describe('Doctor view', { timeout: HARNESS_TIMEOUT }, () => {
  it('shows every started check as running and fills each row in as its check finishes, rows staying in place', async () => {
    const { runs } = doctorBackend();
    await openDoctor();
    await waitFor(() => expect(runs).toHaveLength(1));
    // From Settings with nothing typed: all checks, no profile.
    expect(runs[0]!.request).toEqual({ profileIdentifier: null, modelSource: null, checks: null });
    runs[0]!.emit({ event: 'started', checks: ['setting', 'credentials', 'profile'] });

    await waitFor(() => expect(rowIds()).toEqual(['setting', 'credentials', 'profile']));
    for (const id of ['setting', 'credentials', 'profile']) {
      expect(row(id)).toHaveAttribute('data-status', 'running');
      expect(row(id)).toHaveTextContent('Checking…');
    }

    // The last one finishes first: only its row fills in.
    const lookup = check('profile', 'fail', 'project-alpha-claude-sonnet is not in us-east-1; it is in ap-northeast-1.', {
      fix: 'Switch the region to ap-northeast-1.',
      action: { kind: 'switchRegion', region: 'ap-northeast-1' },
    });
    runs[0]!.emit({ event: 'finished', check: lookup });
    await waitFor(() => expect(row('profile')).toHaveAttribute('data-status', 'fail'));
    expect(within(row('profile')).getByTestId('check-status')).toHaveTextContent('Fail');
    expect(row('profile')).toHaveTextContent('Profile lookup');
    expect(row('profile')).toHaveTextContent('it is in ap-northeast-1');
    expect(row('profile')).toHaveTextContent('Fix: Switch the region to ap-northeast-1.');
    expect(within(row('profile')).getByRole('button', { name: 'Switch to ap-northeast-1' })).toBeInTheDocument();
    expect(row('setting')).toHaveAttribute('data-status', 'running');
    expect(row('credentials')).toHaveAttribute('data-status', 'running');

    const creds = check('credentials', 'warn', 'SSO session corp expires in 9 minutes.', { fix: 'Run aws sso login --profile dev.' });
    runs[0]!.emit({ event: 'finished', check: creds });
    await waitFor(() => expect(within(row('credentials')).getByTestId('check-status')).toHaveTextContent('Warn'));
    expect(row('setting')).toHaveAttribute('data-status', 'running');

    const setting = check('setting', 'pass', 'Enable Inference Profiles is on.');
    runs[0]!.emit({ event: 'finished', check: setting });
    await waitFor(() => expect(within(row('setting')).getByTestId('check-status')).toHaveTextContent('Pass'));
    expect(within(row('setting')).queryByRole('button')).toBeNull();
    // The rows kept the backend's order as they filled in.
    expect(rowIds()).toEqual(['setting', 'credentials', 'profile']);

    runs[0]!.finish([setting, creds, lookup]);
    await waitFor(() =>
      expect(screen.getByTestId('doctor-summary')).toHaveTextContent('2 to look at: Profile lookup (fails), Credentials (warns).'),
    );
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();
  });

  const cases: { action: FixAction; label: string; call: string; args: (a: unknown) => unknown; expected: unknown; id: Check['id'] }[] = [
    {
      action: { kind: 'enableInferenceProfiles' },
      label: 'Turn it on',
      call: 'update_settings',
      args: (a) => (a as { settings: { enableInferenceProfiles: boolean } }).settings.enableInferenceProfiles,
      expected: true,
      id: 'setting',
    },
    {
      action: { kind: 'switchRegion', region: 'ap-northeast-1' },
      label: 'Switch to ap-northeast-1',
      call: 'update_settings',
      args: (a) => (a as { settings: { region: string | null } }).settings.region,
      expected: 'ap-northeast-1',
      id: 'profile',
    },
    {
      action: { kind: 'activateCostTags', keys: ['Project', 'CostCenter'] },
      label: 'Activate Project, CostCenter',
      call: 'activate_cost_tags',
      args: (a) => (a as { keys: string[] }).keys,
      expected: ['Project', 'CostCenter'],
      id: 'tags',
    },
  ];
  it.each(cases)('applies $action.kind with its button, runs the same checks again and says what changed', async (c) => {
    const failing = check(c.id, 'fail', `the ${c.id} finding`, { action: c.action, fix: 'the fix in words' });
    const fixed = check(c.id, 'pass', `the ${c.id} is fine now`);
    const other = check('network', 'pass', 'Reached the endpoint.');
    const { calls, runs } = doctorBackend({ settings: { enableInferenceProfiles: false, region: 'us-east-1' } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.click(await screen.findByRole('button', { name: 'Run the doctor' }));
    await user.type(await screen.findByLabelText('Profile (name, id or ARN)'), 'project-alpha-claude-sonnet');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    // The first run (on opening) is replaced by the one with the profile.
    await waitFor(() => expect(runs).toHaveLength(2));
    const second: DoctorRun = runs[1]!;
    expect(second.request.profileIdentifier).toBe('project-alpha-claude-sonnet');
    second.emit({ event: 'started', checks: [c.id, 'network'] });
    second.emit({ event: 'finished', check: failing });
    second.emit({ event: 'finished', check: other });
    second.finish([failing, other]);

    await user.click(await waitFor(() => within(row(c.id)).getByRole('button', { name: c.label })));
    await waitFor(() => expect(calls.filter((x) => x.cmd === c.call)).toHaveLength(1));
    expect(c.args(calls.find((x) => x.cmd === c.call)!.args)).toEqual(c.expected);

    // Then the same request again.
    await waitFor(() => expect(runs).toHaveLength(3));
    expect(runs[2]!.request).toEqual(second.request);
    runs[2]!.emit({ event: 'started', checks: [c.id, 'network'] });
    runs[2]!.finish([fixed, other]);
    await waitFor(() => expect(screen.getByTestId('doctor-changed')).toHaveTextContent(/What changed: .*: Fail → Pass\./));
    expect(screen.getByTestId('doctor-changed')).not.toHaveTextContent('Network');
    expect(row(c.id)).toHaveAttribute('data-status', 'pass');
  });

  it('opens the AWS section of Settings for openAwsSettings, without running again', async () => {
    const demo = check('credentials', 'warn', 'Demo mode: the simulated Bedrock, no AWS account.', { action: { kind: 'openAwsSettings' } });
    const { doctorCalls } = doctorBackend({ answer: () => [demo] });
    const user = await openDoctor();
    await user.click(await within(row('credentials')).findByRole('button', { name: 'Open AWS Settings' }));
    const aws = await screen.findByRole('region', { name: 'AWS Settings' });
    await waitFor(() => expect(screen.getByTestId('aws-settings-anchor')).toHaveFocus());
    expect(screen.getByTestId('aws-settings-anchor')).toContainElement(aws);
    expect(doctorCalls()).toHaveLength(1);
  });

  it('says so when a fix fails, keeps the finding, and does not run again', async () => {
    const { doctorCalls } = doctorBackend({
      answer: () => [SETTING_OFF],
      handlers: {
        update_settings: () => Promise.reject({ kind: 'Internal', message: 'The settings file could not be written.', hint: 'Check the disk.' }),
      },
    });
    const user = await openDoctor();
    await user.click(await within(row('setting')).findByRole('button', { name: 'Turn it on' }));
    expect(await within(row('setting')).findByRole('alert')).toHaveTextContent('The settings file could not be written. Check the disk.');
    expect(row('setting')).toHaveAttribute('data-status', 'fail');
    expect(doctorCalls()).toHaveLength(1);
  });

  it('shows the policy statement in a code block whose Copy button copies it exactly', async () => {
    const policy = '{\n  "Effect": "Allow",\n  "Action": ["bedrock:ListInferenceProfiles"],\n  "Resource": "*"\n}';
    const denied = check('permissions', 'fail', 'bedrock:ListInferenceProfiles is denied.', {
      fix: 'Add the statement below to your IAM policy.',
      policy,
      details: ['ListInferenceProfiles in us-east-1: AccessDeniedException', 'iam:SimulatePrincipalPolicy: not allowed (not checked)'],
    });
    doctorBackend({ answer: () => [denied] });
    const user = await openDoctor();
    const code = await within(row('permissions')).findByTestId('check-policy');
    expect(code.textContent).toBe(policy);
    await user.click(within(row('permissions')).getByRole('button', { name: 'Copy the policy statement' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe(policy));
    expect(within(row('permissions')).getByRole('button', { name: 'Copy the policy statement' })).toHaveTextContent('Copied');

    // What it looked at: collapsed until asked for.
    const details = row('permissions').querySelector('details')!;
    expect(details.open).toBe(false);
    await user.click(within(row('permissions')).getByText('What it looked at'));
    expect(details.open).toBe(true);
    expect(within(details).getAllByRole('listitem').map((li) => li.textContent)).toEqual(denied.details);
  });

  it('shows an identifier AWS would refuse under its field and keeps what was typed', async () => {
    const refused = {
      kind: 'Validation' as const,
      message: '"Project Alpha - Claude 3.5 Sonnet" is not an inference profile id or ARN: " " at character 8 is not allowed.',
      hint: 'Give the profile\'s id, its ARN or, for an application profile, its name. Nothing was sent to AWS.',
    };
    const { runs } = doctorBackend({
      answer: (request) => ((request.profileIdentifier ?? '').includes(' ') ? refused : [check('setting', 'pass', 'On.')]),
    });
    const user = await openDoctor();
    const field = await screen.findByLabelText('Profile (name, id or ARN)');
    const source = screen.getByLabelText('Source model (for a profile that cannot be created)');
    await user.type(field, 'Project Alpha - Claude 3.5 Sonnet');
    await user.type(source, 'anthropic.claude-3-5-sonnet-20240620-v1:0');
    await user.click(screen.getByRole('button', { name: 'Run' }));

    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(/at character 8 is not allowed/);
    expect(field).toHaveValue('Project Alpha - Claude 3.5 Sonnet');
    // The source was fine: no error under it, and it keeps its text too.
    expect(source).not.toHaveAttribute('aria-invalid');
    expect(source).toHaveValue('anthropic.claude-3-5-sonnet-20240620-v1:0');
    // Each field was asked alone with no checks to tell which one was refused: nothing ran.
    expect(runs.slice(2).map((r) => r.request.checks)).toEqual([[], []]);
    expect(screen.queryByRole('list', { name: 'Checks' })).toBeNull();

    // Fixed in place, it runs.
    await user.clear(field);
    await user.type(field, 'project-alpha-claude-sonnet');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(field).not.toHaveAttribute('aria-invalid'));
    expect(await screen.findByRole('list', { name: 'Checks' })).toBeInTheDocument();
  });

  it('is reached from the keyboard: fields labelled, Run by Enter, fix buttons focusable', async () => {
    const { runs } = doctorBackend({ answer: () => [SETTING_OFF] });
    const user = await openDoctor();
    const field = await screen.findByLabelText('Profile (name, id or ARN)');
    field.focus();
    await user.keyboard('dev-claude-haiku{Enter}');
    await waitFor(() => expect(runs.at(-1)!.request.profileIdentifier).toBe('dev-claude-haiku'));
    const fix = await within(row('setting')).findByRole('button', { name: 'Turn it on' });
    fix.focus();
    expect(fix).toHaveFocus();
  });
});
