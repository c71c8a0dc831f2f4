import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { Settings } from '../bindings';
import { catalogBackend } from '../test/catalog';

async function openSettings() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  await screen.findByRole('region', { name: 'AWS Settings' });
  return user;
}

const saved = (calls: { cmd: string; args: unknown }[]) =>
  calls.filter((c) => c.cmd === 'update_settings').map((c) => (c.args as { settings: Settings }).settings);

describe('AWS Settings', () => {
  it('saves Enable Inference Profiles the moment it is checked, once, and says Saved', async () => {
    const calls = catalogBackend({ settings: { enableInferenceProfiles: false } });
    const user = await openSettings();
    const box = screen.getByRole('checkbox', { name: 'Enable Inference Profiles' });
    expect(box).not.toBeChecked();
    await user.click(box);
    await waitFor(() => expect(box).toBeChecked());
    expect(saved(calls)).toHaveLength(1);
    expect(saved(calls)[0]?.enableInferenceProfiles).toBe(true);
    const region = screen.getByRole('region', { name: 'AWS Settings' });
    expect(await within(region).findByText('Saved')).toBeInTheDocument();
  });

  it('keeps a rejected region in its field with the reason', async () => {
    const calls = catalogBackend({
      handlers: {
        update_settings: () => {
          throw { kind: 'Validation', message: '"Tokyo" is not an AWS region name (like us-east-1 or ap-northeast-1).', hint: null };
        },
      },
    });
    const user = await openSettings();
    const region = screen.getByRole('combobox', { name: 'Region' });
    await user.type(region, 'Tokyo{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('is not an AWS region name');
    expect(region).toHaveValue('Tokyo');
    expect(region).toHaveAttribute('aria-invalid', 'true');
    expect(saved(calls)).toHaveLength(1);
  });

  it('has one endpoint field each for Bedrock and Bedrock Runtime, saved separately', async () => {
    const calls = catalogBackend();
    const user = await openSettings();
    await user.click(screen.getByText('Advanced'));
    const control = screen.getByRole('textbox', { name: 'Bedrock endpoint' });
    const runtime = screen.getByRole('textbox', { name: 'Bedrock Runtime endpoint' });
    await user.type(runtime, 'https://bedrock-runtime.vpce.example.com{Enter}');
    await waitFor(() => expect(saved(calls)).toHaveLength(1));
    expect(saved(calls)[0]?.runtimeEndpointUrl).toBe('https://bedrock-runtime.vpce.example.com');
    expect(saved(calls)[0]?.endpointUrl ?? null).toBeNull();
    await user.type(control, 'https://bedrock.vpce.example.com{Enter}');
    await waitFor(() => expect(saved(calls)).toHaveLength(2));
    expect(saved(calls)[1]?.endpointUrl).toBe('https://bedrock.vpce.example.com');
  });

  it('keeps a refused endpoint in its field with the rule it broke', async () => {
    const rule =
      'The Bedrock Runtime endpoint URL "http://bedrock-runtime.example.com": http:// is allowed only to this machine (localhost, 127.0.0.0/8, [::1]); use https:// for bedrock-runtime.example.com.';
    catalogBackend({
      handlers: {
        update_settings: () => {
          throw { kind: 'Validation', message: rule, hint: null };
        },
      },
    });
    const user = await openSettings();
    await user.click(screen.getByText('Advanced'));
    const runtime = screen.getByRole('textbox', { name: 'Bedrock Runtime endpoint' });
    await user.type(runtime, 'http://bedrock-runtime.example.com{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('http:// is allowed only to this machine');
    expect(runtime).toHaveValue('http://bedrock-runtime.example.com');
    expect(runtime).toHaveAttribute('aria-invalid', 'true');
    // The other field is untouched and not marked.
    expect(screen.getByRole('textbox', { name: 'Bedrock endpoint' })).not.toHaveAttribute('aria-invalid');
  });

  it('offers the profiles from the AWS config files and saves the choice', async () => {
    const calls = catalogBackend();
    const user = await openSettings();
    const select = screen.getByRole('combobox', { name: 'Credentials profile' });
    await waitFor(() => expect(within(select).getByRole('option', { name: 'work-sso' })).toBeInTheDocument());
    await user.selectOptions(select, 'work-sso');
    await waitFor(() => expect(saved(calls)[0]?.awsProfile).toBe('work-sso'));
  });

  it('shows the notice when stored settings had to be replaced', async () => {
    catalogBackend({
      handlers: {
        get_settings: () => ({
          settings: {
            schemaVersion: 1,
            enableInferenceProfiles: false,
            region: null,
            awsProfile: null,
            endpointUrl: null,
            selectedModelId: null,
            demoMode: 'auto',
          },
          notice: 'Your settings file could not be read, so Strata started with default settings.',
          path: '/tmp/settings.json',
        }),
      },
    });
    await openSettings();
    expect(screen.getByRole('alert')).toHaveTextContent('could not be read');
  });
});
