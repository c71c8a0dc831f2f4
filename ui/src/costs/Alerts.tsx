// The alerts Strata made (budgets and billing alarms) with Delete behind a confirmation, and the
// forms that make new ones.
import { useEffect, useState } from 'react';
import { LuTrash2 } from 'react-icons/lu';
import type { Alert, IpcError } from '../bindings';
import { deleteAlert, listAlerts, toIpcError } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';
import { AlarmFormView, BudgetFormView } from './AlertForms';
import { formatUsd } from './format';

function spendText(a: Alert): string {
  if (a.kind === 'billingAlarm') return a.state ?? 'state unknown';
  return a.actualUsd === null ? 'no spend reported yet' : `${formatUsd(a.actualUsd)} this month`;
}

function ConfirmDelete({ alert, onDone, onCancel }: { alert: Alert; onDone: (a: Alert) => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  return (
    <div role="alertdialog" aria-modal="false" aria-labelledby="delete-alert-title" className="flex flex-col gap-2 rounded-md border border-danger/40 p-3 text-sm">
      <p id="delete-alert-title" className="font-semibold">
        Delete {alert.kind === 'budget' ? 'the budget' : 'the billing alarm'} “{alert.name}”?
      </p>
      <p className="text-muted">AWS removes it at once; no more e-mails or alarms come from it.</p>
      {error && <ErrorNotice error={error} />}
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy}
          className="rounded-md bg-danger px-3 py-1 text-white disabled:opacity-50"
          onClick={() => {
            setBusy(true);
            deleteAlert(alert.name).then(onDone, (e: unknown) => {
              setError(toIpcError(e));
              setBusy(false);
            });
          }}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" className="rounded-md border border-line px-3 py-1 hover:bg-raised" onClick={onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** `initialTagKey` starts the budget form's tag key (the grouping's, when it is a tag). */
export function AlertsPanel({ initialTagKey }: { initialTagKey: string }) {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [deleting, setDeleting] = useState<Alert | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listAlerts().then(
      (a) => live && setAlerts(a),
      (e: unknown) => live && setError(toIpcError(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  const created = (a: Alert) => {
    setAlerts((list) => [...(list ?? []).filter((x) => x.name !== a.name), a]);
    setNotice(`Created ${a.kind === 'budget' ? 'the budget' : 'the billing alarm'} ${a.name}.`);
  };
  return (
    <section aria-labelledby="alerts-heading" className="flex flex-col gap-3 rounded-md border border-line bg-surface p-3 text-sm">
      <h2 id="alerts-heading" className="font-semibold">
        Alerts
      </h2>
      {notice && (
        <p role="status" className="text-xs text-muted">
          {notice}
        </p>
      )}
      {error ? (
        <ErrorNotice error={error} />
      ) : alerts === null ? (
        <p role="status" className="text-muted">
          Loading alerts…
        </p>
      ) : alerts.length === 0 ? (
        <p className="text-muted">Strata has made no budgets or billing alarms in this account.</p>
      ) : (
        <table className="w-full text-left" aria-label="Alerts">
          <thead>
            <tr className="border-b border-line text-xs text-muted">
              {['Name', 'Kind', 'Covers', 'Limit', 'Thresholds', 'Spend or state'].map((h) => (
                <th key={h} scope="col" className="py-1 pr-3">
                  {h}
                </th>
              ))}
              <th scope="col" className="py-1 pr-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.name} className="border-b border-line/60" data-alert={a.name}>
                <th scope="row" className="py-1 pr-3 font-medium">
                  {a.name}
                </th>
                <td className="py-1 pr-3">{a.kind === 'budget' ? 'Budget' : 'Billing alarm'}</td>
                <td className="py-1 pr-3">{a.scope}</td>
                <td className="py-1 pr-3 tabular-nums">
                  {formatUsd(a.limitUsd)}
                  {a.kind === 'budget' ? ' a month' : ''}
                </td>
                <td className="py-1 pr-3 tabular-nums">{a.thresholdsPercent.length > 0 ? a.thresholdsPercent.map((t) => `${t}%`).join(', ') : '—'}</td>
                <td className="py-1 pr-3">{spendText(a)}</td>
                <td className="py-1 pr-3">
                  <button
                    type="button"
                    aria-label={`Delete ${a.name}`}
                    onClick={() => setDeleting(a)}
                    className="inline-flex items-center gap-1 rounded border border-line px-2 py-0.5 text-xs hover:bg-raised"
                  >
                    <LuTrash2 aria-hidden /> Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDelete
          alert={deleting}
          onCancel={() => setDeleting(null)}
          onDone={(gone) => {
            setAlerts((list) => (list ?? []).filter((x) => x.name !== gone.name));
            setNotice(`Deleted ${gone.name}.`);
            setDeleting(null);
          }}
        />
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <BudgetFormView initialTagKey={initialTagKey} onCreated={created} />
        <AlarmFormView onCreated={created} />
      </div>
    </section>
  );
}
