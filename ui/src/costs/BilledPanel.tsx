// Cost Explorer's side: asked for only on request (each request costs $0.01 and the bill lags a
// day or two), then the bill per tag value with its services, or why it is missing.
import { LuReceipt, LuRefreshCw } from 'react-icons/lu';
import type { Billed, BilledSide, IpcError } from '../bindings';
import { CopyButton, policyOf } from '../profiles/parts';
import { ErrorNotice } from '../shell/ErrorNotice';
import { formatUsd, localTime, tagKeyOf } from './format';

export const COST_NOTE = 'Each Cost Explorer request costs $0.01; billing data lags 24–48 hours.';
export const NOT_BY_TAG = 'Cost Explorer splits the bill by tag: group by a tag key to compare.';
export const API_KEY_NOTE =
  'Bedrock API keys reach only Bedrock: Cost Explorer needs IAM credentials (an access key, a profile or SSO). The estimate above still works.';

/** The IAM statement in a NoPermission hint: the JSON from its first "{" on. */
function statementOf(hint: string | null): { before: string; policy: string } | null {
  const p = policyOf(hint);
  if (p || !hint) return p;
  const at = hint.indexOf('{');
  return at < 0 ? null : { before: hint.slice(0, at).trim(), policy: hint.slice(at) };
}

function NoPermission({ error }: { error: IpcError }) {
  const statement = statementOf(error.hint);
  return (
    <ErrorNotice error={{ ...error, hint: statement ? statement.before || null : error.hint }}>
      {statement && (
        <div className="w-full">
          <div className="mb-1 flex items-center gap-2 text-xs text-muted">
            The IAM statement to add for the billed side
            <CopyButton text={statement.policy} label="Copy the IAM statement" />
          </div>
          <pre className="max-h-64 overflow-auto rounded bg-raised p-2 font-mono text-xs select-all" data-testid="costs-policy">
            <code>{statement.policy}</code>
          </pre>
        </div>
      )}
    </ErrorNotice>
  );
}

function Available({ billed, onRefresh, busy }: { billed: Billed; onRefresh: () => void; busy: boolean }) {
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p data-testid="billed-summary">
        AWS billed <strong>{formatUsd(billed.totalUsd)}</strong> for Bedrock in account {billed.account} from {billed.from} up to {billed.to}, by{' '}
        {billed.tagKey}.{billed.estimatedByAws && ' AWS marks part of this period as estimated: it is not final yet.'}
      </p>
      <p className="flex flex-wrap items-center gap-2 text-xs text-muted" data-testid="billed-fetched">
        Fetched {localTime(billed.fetchedMs)}
        {billed.fromCache
          ? ' · from cache (no request made now)'
          : ` · ${billed.requests} Cost Explorer ${billed.requests === 1 ? 'request' : 'requests'} ($${(billed.requests * 0.01).toFixed(2)})`}
        <button
          type="button"
          disabled={busy}
          onClick={onRefresh}
          className="inline-flex items-center gap-1 rounded border border-line px-2 py-0.5 text-ink hover:bg-raised disabled:opacity-50"
        >
          <LuRefreshCw aria-hidden /> Refresh (another $0.01 request)
        </button>
      </p>
      {billed.groups.length === 0 ? (
        <p className="text-muted">No Bedrock spend billed in this period yet.</p>
      ) : (
        <ul className="flex flex-col gap-1 text-xs" aria-label="Billed by service">
          {billed.groups.map((g) => (
            <li key={g.key}>
              <span className="font-medium">{g.key}</span>: {g.services.map((s) => `${s.service} ${formatUsd(s.billedUsd)}`).join(' · ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function BilledPanel({
  by,
  side,
  busy,
  onFetch,
}: {
  by: string;
  /** The answer for the query shown, or null when not asked yet. */
  side: BilledSide | null;
  busy: boolean;
  onFetch: (refresh: boolean) => void;
}) {
  const byTag = tagKeyOf(by) !== null;
  let body: React.ReactNode;
  if (!byTag || (side?.state === 'unavailable' && side.gap === 'notByTag')) {
    body = <p className="text-sm text-muted">{NOT_BY_TAG}</p>;
  } else if (side === null || side.state === 'notAsked') {
    body = (
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          disabled={busy}
          onClick={() => onFetch(false)}
          className="inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-accent-ink disabled:opacity-50"
        >
          <LuReceipt aria-hidden /> Get billed costs
        </button>
        <span className="text-muted">{COST_NOTE}</span>
      </div>
    );
  } else if (side.state === 'available') {
    body = <Available billed={side.billed} busy={busy} onRefresh={() => onFetch(true)} />;
  } else if (side.gap === 'noPermission') {
    body = <NoPermission error={side.error} />;
  } else if (side.gap === 'apiKey') {
    body = (
      <div className="flex flex-col gap-1 text-sm" data-testid="billed-api-key">
        <p>{API_KEY_NOTE}</p>
        <p className="text-xs text-muted">{side.error.message}</p>
      </div>
    );
  } else {
    body = (
      <ErrorNotice error={side.error}>
        <button type="button" disabled={busy} onClick={() => onFetch(true)} className="rounded border border-line px-2 py-1 hover:bg-raised">
          Try again
        </button>
      </ErrorNotice>
    );
  }
  return (
    <section aria-labelledby="billed-heading" className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3">
      <h2 id="billed-heading" className="font-semibold">
        Billed by AWS (Cost Explorer)
      </h2>
      {busy && (
        <p role="status" className="text-sm text-muted">
          Asking Cost Explorer…
        </p>
      )}
      {body}
    </section>
  );
}
