import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { catalogBackend } from '../test/catalog';
import { demoInfo } from '../test/ipc';

describe('storage notice', () => {
  it('shows what start-up found about the saved data until dismissed', async () => {
    const notice =
      'Your saved conversations and usage could not be read (the database is damaged), so Strata started a new database. The old file was kept as /d/strata.db.corrupt-1.';
    catalogBackend({ handlers: { app_info: () => ({ ...demoInfo, storageNotice: notice }) } });
    const user = userEvent.setup();
    render(<App />);
    const alert = await screen.findByRole('alert', { name: 'Saved data' });
    expect(alert).toHaveTextContent('strata.db.corrupt-1');
    await user.click(screen.getByRole('button', { name: 'Dismiss the saved-data notice' }));
    expect(screen.queryByRole('alert', { name: 'Saved data' })).not.toBeInTheDocument();
  });

  it('shows nothing when all is well', async () => {
    catalogBackend({ handlers: { app_info: () => demoInfo } });
    render(<App />);
    // The status bar is there at once ("Starting…"); app_info's answer arrives after.
    const status = await screen.findByRole('status', { name: 'Status' });
    await waitFor(() => expect(status).toHaveTextContent('Strata 0.1.0'));
    expect(screen.queryByRole('alert', { name: 'Saved data' })).not.toBeInTheDocument();
  });
});
