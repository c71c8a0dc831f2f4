// Where the estimate's figures come from: the price tables its turns were priced with, and the
// turns left out (unpriced ones, rows the ledger could not read).
import type { Estimate } from '../bindings';
import { priceSourceText } from './format';

export function Basis({ estimate }: { estimate: Estimate }) {
  const { basis, totals } = estimate;
  return (
    <section aria-label="Where the figures come from" className="flex flex-col gap-1 text-xs text-muted">
      {basis.priceSources.length > 0 && (
        <p data-testid="price-sources">
          Priced with {basis.priceSources.map(priceSourceText).join(' · ')}.
          {basis.pricedWhenRecorded && ' Each turn keeps the price in effect when it ran.'}
        </p>
      )}
      {totals.unknownCostTurns > 0 && (
        <p data-testid="unknown-note">
          {totals.unknownCostTurns} of {totals.turns} turns have no known price (no price for the model, or no token counts): they are
          counted as turns and tokens but left out of the sums, not counted as $0.
        </p>
      )}
      {basis.unreadableTurns > 0 && (
        <p className="text-danger" data-testid="unreadable-note">
          {basis.unreadableTurns} {basis.unreadableTurns === 1 ? 'row' : 'rows'} of the usage ledger in this period could not be read and{' '}
          {basis.unreadableTurns === 1 ? 'is' : 'are'} not counted anywhere.
        </p>
      )}
    </section>
  );
}
