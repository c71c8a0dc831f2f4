// The Costs screen: who the figures belong to, the estimate from the ledger at once (chart and
// table), Cost Explorer's bill only when asked, CSV export, tag activation and alerts.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { LuChartColumn, LuDownload } from 'react-icons/lu';
import type { BilledSide, CallerIdentity, CostQuery, CostReport, CsvExport, IpcError, PeriodChoice, RegionProfiles } from '../bindings';
import { costsIdentity, costsReport, exportCostsCsv, listProfiles, toIpcError } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';
import { AlertsPanel } from './Alerts';
import { Basis } from './Basis';
import { BilledPanel } from './BilledPanel';
import { Controls, type ControlsValue } from './Controls';
import { CostTable } from './CostTable';
import { checkCustomPeriod, costRows, formatUsd, groupLabel, nextDay, tagKeyOf } from './format';
import { SpendChart } from './SpendChart';
import { InactiveTagFlag, TagActivationPanel, useCostTags } from './TagActivation';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function initialControls(): ControlsValue {
  const t = today();
  return { period: 'thisMonth', from: `${t.slice(0, 8)}01`, to: nextDay(t), by: 'profile', source: 'both' };
}

function periodOf(c: ControlsValue): PeriodChoice {
  return c.period === 'custom' ? { kind: 'custom', from: c.from, to: c.to } : { kind: c.period };
}

function Identity() {
  const [identity, setIdentity] = useState<CallerIdentity | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let live = true;
    costsIdentity().then(
      (i) => live && setIdentity(i),
      (e: unknown) => live && setError(toIpcError(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) {
    return (
      <p className="text-xs text-muted" data-testid="identity-problem" title={error.hint ?? undefined}>
        Account unknown: {error.message}
      </p>
    );
  }
  if (!identity) return <p className="text-xs text-muted">Asking AWS who you are…</p>;
  return (
    <p className="text-sm text-muted" data-testid="identity">
      Account <span className="font-mono text-ink">{identity.account}</span> · <span className="font-mono break-all">{identity.arn}</span>
    </p>
  );
}

/** The region's profiles: their names (for ARNs) and tag keys (for the grouping). */
function useRegionProfiles() {
  const [regions, setRegions] = useState<RegionProfiles[] | null>(null);
  useEffect(() => {
    let live = true;
    listProfiles(false).then(
      (r) => live && setRegions(r),
      (e: unknown) => console.warn('[costs] profiles not listed; groups show ARNs', toIpcError(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const profiles = (regions ?? []).flatMap((r) => r.profiles);
    return {
      names: new Map(profiles.map((p) => [p.arn, p.name])),
      keys: profiles.flatMap((p) => (p.tags ?? []).map((t) => t.key)),
    };
  }, [regions]);
}

export function CostsScreen() {
  const [controls, setControls] = useState<ControlsValue>(initialControls);
  const periodProblem = controls.period === 'custom' ? checkCustomPeriod(controls.from, controls.to) : null;
  const query: CostQuery | null = useMemo(
    () => (periodProblem ? null : { period: periodOf(controls), by: controls.by, source: 'estimate', refresh: false }),
    [controls, periodProblem],
  );
  const queryKey = query ? JSON.stringify([query.period, query.by]) : null;
  const [report, setReport] = useState<{ key: string; report: CostReport } | null>(null);
  const [failure, setFailure] = useState<{ key: string; error: IpcError } | null>(null);
  const [billed, setBilled] = useState<{ key: string; side: BilledSide } | null>(null);
  const [billedBusy, setBilledBusy] = useState(false);
  const [csv, setCsv] = useState<CsvExport | null>(null);
  const [csvError, setCsvError] = useState<IpcError | null>(null);
  const profiles = useRegionProfiles();
  const tags = useCostTags();

  useEffect(() => {
    if (!query || !queryKey) return;
    let live = true;
    costsReport(query).then(
      (r) => {
        if (!live) return;
        setReport({ key: queryKey, report: r });
        console.info('[costs] estimate', { by: query.by, from: r.estimate.from, to: r.estimate.to, groups: r.estimate.groups.length });
      },
      (e: unknown) => live && setFailure({ key: queryKey, error: toIpcError(e) }),
    );
    return () => {
      live = false;
    };
  }, [query, queryKey]);

  const fetchBilled = useCallback(
    (refresh: boolean) => {
      if (!query || !queryKey) return;
      setBilledBusy(true);
      const source = controls.source === 'billed' ? 'billed' : 'both';
      costsReport({ ...query, source, refresh }).then(
        (r) => {
          setReport({ key: queryKey, report: r });
          setBilled({ key: queryKey, side: r.billed });
          setBilledBusy(false);
        },
        (e: unknown) => {
          setBilled({ key: queryKey, side: { state: 'unavailable', gap: 'failed', error: toIpcError(e) } });
          setBilledBusy(false);
        },
      );
    },
    [query, queryKey, controls.source],
  );

  const exportCsv = () => {
    if (!query) return;
    setCsvError(null);
    exportCostsCsv(query).then(setCsv, (e: unknown) => setCsvError(toIpcError(e)));
  };

  const keys = useMemo(() => [...new Set([...profiles.keys, ...(tags.tags ?? []).map((t) => t.key)])].sort(), [profiles.keys, tags.tags]);
  const current = report && report.key === queryKey ? report.report : null;
  const reportError = failure && failure.key === queryKey && !current ? failure.error : null;
  const side = billed && billed.key === queryKey ? billed.side : null;
  const bill = side?.state === 'available' ? side.billed : null;
  const by = controls.by;
  const label = useCallback((key: string) => groupLabel(key, by, profiles.names), [by, profiles.names]);
  const title = useCallback((key: string) => (by === 'profile' && profiles.names.has(key) ? key : undefined), [by, profiles.names]);
  const tagKey = tagKeyOf(by);
  const showEstimate = controls.source !== 'billed';
  const showBilled = controls.source !== 'estimate';

  return (
    <div className="flex flex-col gap-4 px-6 py-6">
      <div className="flex flex-col gap-1">
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          <LuChartColumn aria-hidden className="h-5 w-5 text-accent" /> Costs
        </h1>
        <Identity />
      </div>
      <Controls value={controls} onChange={setControls} tagKeys={keys} periodProblem={periodProblem} />
      {tagKey && <InactiveTagFlag tagKey={tagKey} state={tags} />}

      {reportError ? (
        <ErrorNotice error={reportError} />
      ) : periodProblem ? null : !current ? (
        <p role="status" className="text-sm text-muted">
          Loading the estimate…
        </p>
      ) : current.estimate.totals.turns === 0 ? (
        <p className="rounded-md border border-line bg-surface p-4 text-sm text-muted" data-testid="costs-empty">
          No turns in this period ({current.estimate.from} up to {current.estimate.to}, not counted). Chat through a model or profile and its
          estimated cost appears here.
          {current.estimate.basis.unreadableTurns > 0 && ` ${current.estimate.basis.unreadableTurns} rows of the ledger could not be read.`}
        </p>
      ) : (
        <section aria-label="Estimate" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <p data-testid="costs-total">
              Estimated <strong>{formatUsd(current.estimate.totals.estimatedUsd)}</strong> over {current.estimate.totals.turns}{' '}
              {current.estimate.totals.turns === 1 ? 'turn' : 'turns'} from {current.estimate.from} up to {current.estimate.to} (not counted)
              {current.estimate.totals.unknownCostTurns > 0 && `, ${current.estimate.totals.unknownCostTurns} of them with an unknown cost`}.
            </p>
            <button
              type="button"
              onClick={exportCsv}
              className="ml-auto inline-flex items-center gap-1.5 rounded-md border border-line px-2 py-1 hover:bg-raised"
            >
              <LuDownload aria-hidden /> Export CSV
            </button>
          </div>
          {csv && (
            <p role="status" className="text-xs text-muted" data-testid="csv-path">
              Wrote {csv.rows} {csv.rows === 1 ? 'row' : 'rows'} to <span className="font-mono select-all">{csv.path}</span>
            </p>
          )}
          {csvError && <ErrorNotice error={csvError} />}
          {showEstimate && (
            <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
              <SpendChart estimate={current.estimate} label={label} />
              <CostTable estimate={current.estimate} rows={costRows(current.estimate, bill)} withBilled={bill !== null} label={label} title={title} />
            </div>
          )}
          {!showEstimate && bill && (
            <CostTable estimate={current.estimate} rows={costRows(current.estimate, bill)} withBilled label={label} title={title} />
          )}
          <Basis estimate={current.estimate} />
        </section>
      )}

      {showBilled && !periodProblem && <BilledPanel by={by} side={side} busy={billedBusy} onFetch={fetchBilled} />}
      <TagActivationPanel state={tags} />
      <AlertsPanel initialTagKey={tagKey ?? 'Project'} />
    </div>
  );
}
