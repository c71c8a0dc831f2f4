import { emit } from '@tauri-apps/api/event';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { APP_EVENT } from './ipc';
import { catalogBackend, haiku, listOf } from './test/catalog';
import { demoInfo } from './test/ipc';

describe('app shell', () => {
  it('shows the About dialog with the facts from app_info and closes it with Escape', async () => {
    const calls = catalogBackend({ handlers: { app_info: () => ({ ...demoInfo, version: '9.8.7' }) } });
    const user = userEvent.setup();
    render(<App />);

    const aboutButton = screen.getByRole('button', { name: 'About Strata' });
    await user.click(aboutButton);
    const dialog = await screen.findByRole('dialog', { name: 'About Strata' });
    expect(dialog).toHaveTextContent('9.8.7');
    expect(dialog).toHaveTextContent(demoInfo.logFile);
    expect(dialog).toHaveTextContent('Demo — simulated Bedrock');
    expect(calls.filter((c) => c.cmd === 'app_info')).toHaveLength(1);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(aboutButton).toHaveFocus();
  });

  it('marks demo mode in the status bar, and real Bedrock otherwise', async () => {
    catalogBackend({ handlers: { app_info: () => demoInfo } });
    const { unmount } = render(<App />);
    const demoStatus = await screen.findByRole('status', { name: 'Status' });
    await waitFor(() => expect(demoStatus).toHaveTextContent('Demo — simulated Bedrock'));
    unmount();

    // Real Bedrock: neither the start-up switches nor the connection say demo.
    const real = listOf([haiku], { connection: { region: 'eu-central-1', profile: 'work', endpointUrl: null, demo: null } });
    catalogBackend({ list: real, handlers: { app_info: () => ({ ...demoInfo, demoMode: false }) } });
    render(<App />);
    const status = screen.getByRole('status', { name: 'Status' });
    await waitFor(() => expect(status).toHaveTextContent('Amazon Bedrock'));
    await waitFor(() => expect(status).toHaveTextContent('eu-central-1 · work'));
    expect(status).not.toHaveTextContent('Demo');
  });

  it('says so in the status bar when the backend rejects app_info', async () => {
    catalogBackend({ handlers: {
      app_info: () => {
        throw { kind: 'Internal', message: 'state is missing', hint: null };
      },
    } });
    render(<App />);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Backend unavailable: state is missing'));
  });

  it('opens the developer tools on F12', async () => {
    const calls = catalogBackend({ handlers: { app_info: () => demoInfo, open_devtools: () => null } });
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{F12}');
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain('open_devtools'));
  });

  it('follows the menu: About opens the dialog, Settings shows the settings screen', async () => {
    catalogBackend({ handlers: { app_info: () => demoInfo } });
    render(<App />);
    await screen.findByText(/Strata 0\.1\.0/);

    await emit(APP_EVENT, { type: 'menu', action: 'settings' });
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-pressed', 'true');

    await emit(APP_EVENT, { type: 'menu', action: 'about' });
    expect(await screen.findByRole('dialog', { name: 'About Strata' })).toBeInTheDocument();
  });

  it('shows the settings screen error when the developer tools cannot open', async () => {
    catalogBackend({ handlers: {
      app_info: () => demoInfo,
      open_devtools: () => {
        throw { kind: 'Internal', message: 'the main window is not open', hint: null };
      },
    } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('button', { name: 'Open developer tools' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the main window is not open');
  });
});
