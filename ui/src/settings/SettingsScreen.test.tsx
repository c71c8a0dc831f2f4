import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { IpcError } from '../bindings';
import { catalogBackend } from '../test/catalog';
import { demoInfo } from '../test/ipc';

async function openSettings() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  await screen.findByRole('region', { name: 'AWS Settings' });
}

const broken: IpcError = {
  kind: 'Validation',
  message:
    'The price file /home/u/.local/share/io.strata.desktop/prices.json is not valid: the price of acme.x-v1:0 is negative or not a finite number; the built-in prices are used.',
  hint: 'Expected {"prices": {"MODEL_ID": {"inputPerMillion": 0.25, "outputPerMillion": 1.25}}}.',
};

describe('Settings screen', () => {
  it('says when prices.json is not valid, what is wrong and that built-in prices are used', async () => {
    catalogBackend({ handlers: { app_info: () => ({ ...demoInfo, pricesProblem: broken }) } });
    await openSettings();
    const notice = screen.getByRole('alert', { name: 'prices.json is not valid; built-in prices are used' });
    expect(notice).toHaveTextContent('the price of acme.x-v1:0 is negative');
    expect(notice).toHaveTextContent('/home/u/.local/share/io.strata.desktop/prices.json');
    expect(within(notice).getByText(/inputPerMillion/)).toBeInTheDocument();
  });

  it('shows no price notice when prices.json is fine or absent', async () => {
    catalogBackend({ handlers: { app_info: () => ({ ...demoInfo, pricesProblem: null }) } });
    await openSettings();
    expect(screen.queryByRole('alert', { name: /prices\.json/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/built-in prices are used/)).not.toBeInTheDocument();
  });
});
