import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { IpcError, PriceListRefresh } from '../bindings';
import { catalogBackend } from '../test/catalog';
import { demoInfo } from '../test/ipc';

async function openSettings() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  return { user, section: await screen.findByRole('region', { name: 'Prices' }) };
}

const fetched: PriceListRefresh = {
  asOf: '2026-12-01',
  fetchedMs: 1_764_547_200_000,
  models: 31,
  unmapped: 2,
  path: '/home/u/.local/share/io.strata.desktop/cache/price-list.json',
};

describe('Prices in Settings', () => {
  it('lists the sources in precedence order and says unknown costs are never $0', async () => {
    catalogBackend();
    const { section } = await openSettings();
    const sources = within(section).getByRole('list', { name: 'Price sources' });
    const items = within(sources).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Strata's built-in prices/),
      expect.stringMatching(/^The AWS Price List/),
      expect.stringMatching(/^Your prices\.json/),
    ]);
    expect(section).toHaveTextContent('never as $0');
  });

  it('refreshes from the Price List and shows the date, the models priced and what was left out', async () => {
    let resolve: (value: PriceListRefresh) => void = () => {};
    const calls = catalogBackend({
      handlers: { refresh_prices: () => new Promise<PriceListRefresh>((r) => (resolve = r)) },
    });
    const { user, section } = await openSettings();
    const button = within(section).getByRole('button', { name: 'Refresh prices from AWS Price List' });
    await user.click(button);
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Refreshing…');
    expect(calls.filter((c) => c.cmd === 'refresh_prices')).toHaveLength(1);
    resolve(fetched);
    const result = await within(section).findByRole('status', { name: 'Price List refresh' });
    expect(result).toHaveTextContent('31 models are now priced from the AWS Price List of 2026-12-01.');
    expect(result).toHaveTextContent('2 products were left out: its model could not be named with certainty');
    expect(result).toHaveTextContent('/cache/price-list.json');
    expect(button).toBeEnabled();
    expect(within(section).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says nothing was left out when every product was mapped', async () => {
    catalogBackend({ handlers: { refresh_prices: () => ({ ...fetched, models: 1, unmapped: 0 }) } });
    const { user, section } = await openSettings();
    await user.click(within(section).getByRole('button', { name: 'Refresh prices from AWS Price List' }));
    const result = await within(section).findByRole('status', { name: 'Price List refresh' });
    expect(result).toHaveTextContent('1 model is now priced');
    expect(result).not.toHaveTextContent('left out');
  });

  it('shows why a refresh failed, with the hint, and that the prices in use are unchanged', async () => {
    const denied: IpcError = {
      kind: 'AccessDenied',
      message: 'You are not allowed to call GetProducts (pricing:GetProducts).',
      hint: 'Add pricing:GetProducts to your IAM policy.',
    };
    catalogBackend({
      handlers: {
        refresh_prices: () => {
          throw denied;
        },
      },
    });
    const { user, section } = await openSettings();
    const button = within(section).getByRole('button', { name: 'Refresh prices from AWS Price List' });
    await user.click(button);
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('The prices could not be refreshed: You are not allowed to call GetProducts');
    expect(alert).toHaveTextContent('Add pricing:GetProducts to your IAM policy.');
    expect(alert).toHaveTextContent('The prices in use are unchanged.');
    expect(within(section).queryByRole('status', { name: 'Price List refresh' })).not.toBeInTheDocument();
    expect(button).toBeEnabled();
  });

  it('names a broken Price List cache as such, not as prices.json', async () => {
    const broken: IpcError = {
      kind: 'Validation',
      message:
        'The Price List cache /home/u/.local/share/io.strata.desktop/cache/price-list.json is not valid: expected value at line 1 column 1; its prices are not used.',
      hint: 'Refresh the prices from the AWS Price List again.',
    };
    catalogBackend({ handlers: { app_info: () => ({ ...demoInfo, pricesProblem: broken }) } });
    await openSettings();
    const notice = screen.getByRole('alert', { name: 'The Price List cache is not valid; its prices are not used' });
    expect(notice).toHaveTextContent('cache/price-list.json');
    expect(screen.queryByRole('alert', { name: /prices\.json is not valid/ })).not.toBeInTheDocument();
  });
});
