// "Why?" on error notices, and the picker's inline findings (its empty states and error notices).
import { emit } from '@tauri-apps/api/event';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { CheckId, IpcErrorKind } from '../bindings';
import { CatalogProvider } from '../catalog/store';
import { CostTagsProvider } from '../costs/TagActivation';
import { APP_EVENT } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';
import { AppStoreProvider, useAppStore } from '../store';
import { alpha, catalogOf, haiku, listOf, nova, snapshot } from '../test/catalog';
import { check, doctorBackend, HARNESS_TIMEOUT } from '../test/doctor';
import { DoctorScreen } from './DoctorScreen';

async function openPicker(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /^Model:/ }));
  return screen.findByRole('listbox', { name: 'Models and profiles' });
}

const profileNames = () =>
  [...document.querySelectorAll('[role="option"][data-kind="ApplicationProfile"]')].map((o) => o.querySelector('.truncate')?.textContent);

/** An error notice alone in the app's providers; its "Why?" swaps it for the Doctor. */
function showNoticeThenDoctor(notice: ReactNode) {
  function Harness() {
    const { screen: at } = useAppStore();
    return at === 'doctor' ? <DoctorScreen /> : <>{notice}</>;
  }
  const user = userEvent.setup();
  render(
    <AppStoreProvider>
      <CatalogProvider>
        <CostTagsProvider>
          <Harness />
        </CostTagsProvider>
      </CatalogProvider>
    </AppStoreProvider>,
  );
  return user;
}

describe('"Why?" on an error notice', { timeout: HARNESS_TIMEOUT }, () => {
  const cases: [IpcErrorKind, CheckId[] | null][] = [
    ['ExpiredCredentials', ['credentials', 'identity']],
    ['NoCredentials', ['credentials', 'identity']],
    ['AccessDenied', ['permissions', 'identity']],
    ['NotFound', ['profile', 'region']],
    ['RegionMismatch', ['profile', 'region']],
    ['Network', ['network']],
    ['Throttled', null],
  ];
  it.each(cases)('opens the Doctor on the checks for %s and returns to where the user was', async (kind, checks) => {
    const error = { kind, message: `message for ${kind}`, hint: null };
    const { runs } = doctorBackend({ list: listOf(null, { error }), answer: () => [check('network', 'pass', 'Reached.')] });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: /^Model:/ }));
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Why?' }));

    expect(await screen.findByRole('heading', { name: 'Doctor' })).toBeInTheDocument();
    // The picker closed on the way.
    expect(screen.queryByRole('listbox')).toBeNull();
    const doctorRuns = () => runs.filter((r) => r.request.profileIdentifier === null || r.request.profileIdentifier === undefined);
    await waitFor(() => expect(doctorRuns().at(-1)!.request.checks).toEqual(checks));
    if (checks) expect(screen.getByTestId('doctor-scope')).toHaveTextContent('Only the checks for this error');
    // No "Why?" on the Doctor itself.
    expect(screen.queryByRole('button', { name: 'Why?' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Back to Chat' }));
    expect(await screen.findByRole('main', { name: 'Chat' })).toBeInTheDocument();
  });

  it('takes the profile the error is about to the Doctor, and Run all checks widens the run', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
    const { runs } = doctorBackend({ answer: () => [check('profile', 'fail', 'Not in us-east-1.')] });
    const user = showNoticeThenDoctor(<ErrorNotice error={{ kind: 'NotFound', message: 'The profile was not found.', hint: null }} profile={arn} />);
    await user.click(await screen.findByRole('button', { name: 'Why?' }));
    await waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]!.request).toEqual({ profileIdentifier: arn, modelSource: null, checks: ['profile', 'region'] });
    expect(screen.getByLabelText('Profile (name, id or ARN)')).toHaveValue(arn);

    await user.click(screen.getByRole('button', { name: 'Run all checks' }));
    await waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1]!.request).toEqual({ profileIdentifier: arn, modelSource: null, checks: null });
    expect(screen.queryByTestId('doctor-scope')).toBeNull();
  });

  it("takes a failed create's source to the Doctor: why can't I create one?", async () => {
    const source = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
    const { runs } = doctorBackend({ answer: () => [check('model-source', 'fail', 'It can be copied only through a system profile.')] });
    const user = showNoticeThenDoctor(<ErrorNotice error={{ kind: 'AccessDenied', message: 'Access denied.', hint: null }} modelSource={source} />);
    await user.click(await screen.findByRole('button', { name: 'Why?' }));
    await waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]!.request).toEqual({ profileIdentifier: null, modelSource: source, checks: ['permissions', 'identity', 'model-source', 'region'] });
    expect(screen.getByLabelText('Source model (for a profile that cannot be created)')).toHaveValue(source);
  });

  it('shows no "Why?" where a notice renders outside the app', () => {
    render(<ErrorNotice error={{ kind: 'Internal', message: 'Broken.', hint: null }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Broken.');
    expect(screen.queryByRole('button', { name: 'Why?' })).toBeNull();
  });
});

const SETTING_OFF = check('setting', 'fail', 'Enable Inference Profiles is off: application profiles are not listed.', {
  fix: 'Turn on Enable Inference Profiles.',
  action: { kind: 'enableInferenceProfiles' },
});

describe("the picker's inline findings", { timeout: HARNESS_TIMEOUT }, () => {
  it('says the setting is off with a Turn it on button; one click turns it on and the profiles appear', async () => {
    const { runs, saved, doctorCalls } = doctorBackend({
      list: listOf([haiku, nova]),
      settings: { enableInferenceProfiles: false },
      answer: () => [SETTING_OFF, check('profile', 'skipped', 'No profile given.')],
    });
    const user = userEvent.setup();
    render(<App />);
    await openPicker(user);
    const note = screen.getByTestId('profiles-off');
    expect(note).toHaveTextContent('Application inference profiles are hidden');
    const turnOn = await within(note).findByRole('button', { name: 'Turn it on' });
    expect(note).toHaveTextContent('Enable Inference Profiles is off: application profiles are not listed.');
    // Only what fails or warns is shown inline, and only the empty state's checks ran.
    expect(note).not.toHaveTextContent('No profile given.');
    expect(runs[0]!.request.checks).toEqual(['setting', 'profile']);

    // Typing in the search re-renders the panel: the doctor is not asked again.
    await user.type(screen.getByRole('combobox'), 'nova');
    await user.clear(screen.getByRole('combobox'));
    expect(doctorCalls()).toHaveLength(1);

    await user.click(turnOn);
    await waitFor(() => expect(saved().at(-1)?.enableInferenceProfiles).toBe(true));
    // The button went with its finding: the search box has the focus back (Esc still closes).
    await waitFor(() => expect(screen.getByRole('combobox')).toHaveFocus());
    // The backend reloads the list with the setting on and broadcasts it.
    await emit(APP_EVENT, { type: 'catalog', list: listOf([alpha, haiku, nova]) });
    await waitFor(() => expect(profileNames()).toEqual([alpha.name]));
    expect(screen.queryByTestId('profiles-off')).toBeNull();
  });

  it('finds the profiles in another region and switches there with one click', async () => {
    const empty = listOf(null, { catalog: { ...catalogOf([haiku, nova]), region: 'us-east-1', applicationProfilesIncluded: true } });
    const elsewhere = check('profile', 'fail', 'No application profiles in us-east-1; 5 in ap-northeast-1.', {
      fix: 'Switch the region to ap-northeast-1.',
      action: { kind: 'switchRegion', region: 'ap-northeast-1' },
    });
    const { runs, saved } = doctorBackend({
      list: empty,
      settings: { region: 'us-east-1' },
      answer: () => [check('setting', 'pass', 'On.'), elsewhere],
    });
    const user = userEvent.setup();
    render(<App />);
    await openPicker(user);
    const note = screen.getByTestId('no-profiles');
    expect(note).toHaveTextContent('This region lists no application profiles.');
    await user.click(await within(note).findByRole('button', { name: 'Switch to ap-northeast-1' }));
    await waitFor(() => expect(saved().at(-1)?.region).toBe('ap-northeast-1'));
    expect(runs).toHaveLength(1);
    expect(within(note).getByRole('status')).toHaveTextContent('Switched to ap-northeast-1; reloading the list…');
    await emit(APP_EVENT, { type: 'catalog', list: listOf([alpha, haiku, nova]) });
    await waitFor(() => expect(profileNames()).toEqual([alpha.name]));
    expect(screen.queryByTestId('no-profiles')).toBeNull();
  });

  it('drops a late answer for a state that is gone', async () => {
    const { runs } = doctorBackend({ list: listOf([haiku, nova]), settings: { enableInferenceProfiles: false } });
    const user = userEvent.setup();
    render(<App />);
    await openPicker(user);
    await waitFor(() => expect(runs).toHaveLength(1));

    // The setting is turned on elsewhere and the new list has no profile in this region: a new state, a new run.
    await emit(APP_EVENT, { type: 'settings', snapshot: snapshot({ enableInferenceProfiles: true }) });
    await emit(APP_EVENT, {
      type: 'catalog',
      list: listOf(null, { catalog: { ...catalogOf([haiku, nova]), applicationProfilesIncluded: true } }),
    });
    await waitFor(() => expect(runs).toHaveLength(2));
    const elsewhere = check('profile', 'fail', 'None here; 5 in us-west-2.', { action: { kind: 'switchRegion', region: 'us-west-2' } });
    runs[1]!.emit({ event: 'started', checks: ['setting', 'profile'] });
    runs[1]!.emit({ event: 'finished', check: elsewhere });
    runs[1]!.finish([check('setting', 'pass', 'On.'), elsewhere]);
    const note = await screen.findByTestId('no-profiles');
    await within(note).findByRole('button', { name: 'Switch to us-west-2' });

    // The first run's answer arrives now: it belongs to the old state and is not shown.
    runs[0]!.emit({ event: 'finished', check: SETTING_OFF });
    runs[0]!.finish([SETTING_OFF]);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: 'Turn it on' })).toBeNull();
    expect(within(note).getByRole('button', { name: 'Switch to us-west-2' })).toBeInTheDocument();
  });

  it('explains an AccessDenied listing inline, with the policy statement to copy', async () => {
    const error = { kind: 'AccessDenied' as const, message: 'ListInferenceProfiles was denied', hint: 'Allow bedrock:ListInferenceProfiles' };
    const catalog = { ...catalogOf([haiku, nova]), sectionErrors: [{ section: 'applicationProfiles' as const, error }] };
    const policy = '{"Effect":"Allow","Action":["bedrock:ListInferenceProfiles"],"Resource":"*"}';
    const { runs } = doctorBackend({
      list: listOf(null, { catalog }),
      answer: () => [check('identity', 'pass', 'Account 123456789012.'), check('permissions', 'fail', 'bedrock:ListInferenceProfiles is denied.', { policy })],
    });
    const user = userEvent.setup();
    render(<App />);
    await openPicker(user);
    const section = screen.getByRole('region', { name: 'Application profiles' });
    const alert = within(section).getByRole('alert');
    await within(alert).findByText('bedrock:ListInferenceProfiles is denied.');
    expect(runs[0]!.request.checks).toEqual(['permissions', 'identity']);
    expect(alert).not.toHaveTextContent('Account 123456789012.');
    await user.click(within(alert).getByRole('button', { name: 'Copy the policy statement' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe(policy));
    // Still one alert: the findings are part of the notice, not a second one.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('keeps the generic hint when the doctor finds nothing to fix', async () => {
    doctorBackend({
      list: listOf([haiku, nova]),
      settings: { enableInferenceProfiles: false },
      answer: () => [check('setting', 'pass', 'On.'), check('profile', 'skipped', 'Nothing given.')],
    });
    const user = userEvent.setup();
    render(<App />);
    await openPicker(user);
    const note = screen.getByTestId('profiles-off');
    expect(await within(note).findByRole('button', { name: 'Enable Inference Profiles' })).toBeInTheDocument();
    expect(note).toHaveTextContent('in AWS Settings to list them.');
  });
});
