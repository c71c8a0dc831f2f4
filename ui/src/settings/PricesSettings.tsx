import { LuRefreshCw } from 'react-icons/lu';
import { useState } from 'react';
import type { IpcError, PriceListRefresh } from '../bindings';
import { refreshPrices } from '../ipc';

type State =
  | { kind: 'idle' }
  | { kind: 'refreshing' }
  | { kind: 'done'; result: PriceListRefresh }
  | { kind: 'failed'; error: IpcError };

/**
 * Where the prices of every estimate come from, and the refresh from AWS's Price List. The
 * sources are layered: built-in, then the Price List (once fetched, for its region), then the
 * user's prices.json; each cost shown names the one that priced it.
 */
export function PricesSettings() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const refreshing = state.kind === 'refreshing';
  const refresh = () => {
    setState({ kind: 'refreshing' });
    refreshPrices().then(
      (result) => setState({ kind: 'done', result }),
      (error: IpcError) => setState({ kind: 'failed', error }),
    );
  };
  return (
    <section aria-labelledby="settings-prices-sources" className="rounded-lg border border-line bg-surface p-4">
      <h2 id="settings-prices-sources" className="mb-3 font-medium">
        Prices
      </h2>
      <p className="mb-2 text-sm text-muted">Estimates use these prices, each later source winning over the one before:</p>
      <ol aria-label="Price sources" className="mb-3 list-decimal pl-5 text-sm">
        <li>Strata&apos;s built-in prices, each dated, for exactly the models they name.</li>
        <li>
          The AWS Price List, when refreshed: the region&apos;s published prices, for the models whose name it gives
          exactly.
        </li>
        <li>
          Your <code className="font-mono">prices.json</code> in the data folder, if you made one.
        </li>
      </ol>
      <p className="mb-4 text-xs text-muted">
        A model none of them prices shows its cost as unknown, never as $0. Every cost says which source priced it and
        the price&apos;s date.
      </p>
      <button
        type="button"
        aria-label="Refresh prices from AWS Price List"
        disabled={refreshing}
        className="flex items-center gap-2 rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink disabled:opacity-60"
        onClick={refresh}
      >
        <LuRefreshCw aria-hidden className={refreshing ? 'animate-spin' : undefined} />
        {refreshing ? 'Refreshing…' : 'Refresh from AWS Price List'}
      </button>
      {state.kind === 'done' && <RefreshResult result={state.result} />}
      {state.kind === 'failed' && (
        <div role="alert" className="mt-3 text-sm text-danger">
          <p>The prices could not be refreshed: {state.error.message}</p>
          {state.error.hint && <p className="mt-1 text-xs">{state.error.hint}</p>}
          <p className="mt-1 text-xs text-muted">The prices in use are unchanged.</p>
        </div>
      )}
    </section>
  );
}

function RefreshResult({ result }: { result: PriceListRefresh }) {
  return (
    <div role="status" aria-label="Price List refresh" className="mt-3 text-sm">
      <p>
        {result.models === 1 ? '1 model is' : `${result.models} models are`} now priced from the AWS Price List of{' '}
        {result.asOf}.
      </p>
      {result.unmapped > 0 && (
        <p className="mt-1 text-xs text-muted">
          {result.unmapped === 1 ? '1 product was' : `${result.unmapped} products were`} left out: its model could not
          be named with certainty, so it is not guessed.
        </p>
      )}
      <p className="mt-1 break-all font-mono text-xs text-muted">{result.path}</p>
    </div>
  );
}
