// The two alert forms: an AWS Budget for one tag value, and the CloudWatch billing alarm, which
// covers all of the account's Bedrock spend. Each checks its draft before sending and keeps it on
// any error, showing the backend's.
import { useId, useState } from 'react';
import type { Alert, IpcError } from '../bindings';
import { createBillingAlarm, createBudget, toIpcError } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';
import { alarmDraft, budgetDraft, DEFAULT_THRESHOLDS, type AlarmForm, type BudgetForm, type FormProblem } from './rules';

export const ALARM_SCOPE_NOTE =
  "A billing alarm covers all of the account's Bedrock spend: CloudWatch's EstimatedCharges metric (us-east-1, ServiceName AmazonBedrock) has no tag dimension, so it cannot be limited to one project.";

function Field({
  label,
  name,
  value,
  onChange,
  problems,
  hint,
  inputMode,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  problems: FormProblem[];
  hint?: string;
  inputMode?: 'decimal';
}) {
  const id = useId();
  const problem = problems.find((p) => p.field === name);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs text-muted">
        {label}
      </label>
      <input
        id={id}
        value={value}
        inputMode={inputMode}
        aria-invalid={problem !== undefined}
        aria-describedby={problem || hint ? `${id}-note` : undefined}
        onChange={(e) => onChange(e.target.value)}
        className="rounded border border-line bg-canvas px-2 py-1 aria-invalid:border-danger"
      />
      {(problem || hint) && (
        <p id={`${id}-note`} className={`text-xs ${problem ? 'text-danger' : 'text-muted'}`}>
          {problem?.message ?? hint}
        </p>
      )}
    </div>
  );
}

export function BudgetFormView({ initialTagKey, onCreated }: { initialTagKey: string; onCreated: (a: Alert) => void }) {
  const [form, setForm] = useState<BudgetForm>({
    name: '',
    tagKey: initialTagKey,
    tagValue: '',
    monthlyUsd: '',
    emails: '',
    thresholds: DEFAULT_THRESHOLDS,
  });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<BudgetForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async () => {
    const checked = budgetDraft(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    setError(null);
    setBusy(true);
    try {
      const alert = await createBudget(checked.draft);
      onCreated(alert);
      setForm({ ...form, name: '', monthlyUsd: '' });
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-labelledby="budget-form-heading"
      className="flex flex-col gap-2 rounded-md border border-line p-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="budget-form-heading" className="font-semibold">
        Budget for a tag value
      </h3>
      <p className="text-xs text-muted">An AWS Budget on the actual spend of one cost allocation tag value, e-mailing at each threshold.</p>
      <Field label="Budget name" name="name" value={form.name} onChange={(v) => set({ name: v })} problems={problems} />
      <div className="grid grid-cols-2 gap-2">
        <Field label="Tag key" name="tagKey" value={form.tagKey} onChange={(v) => set({ tagKey: v })} problems={problems} />
        <Field label="Tag value" name="tagValue" value={form.tagValue} onChange={(v) => set({ tagValue: v })} problems={problems} />
      </div>
      <Field
        label="Monthly limit (USD)"
        name="monthlyUsd"
        inputMode="decimal"
        value={form.monthlyUsd}
        onChange={(v) => set({ monthlyUsd: v })}
        problems={problems}
      />
      <Field
        label="E-mail addresses"
        name="emails"
        value={form.emails}
        onChange={(v) => set({ emails: v })}
        problems={problems}
        hint="Separated by commas; at most 10."
      />
      <Field
        label="Thresholds (% of the limit)"
        name="thresholds"
        value={form.thresholds}
        onChange={(v) => set({ thresholds: v })}
        problems={problems}
        hint="E-mails go out when actual spend passes each one."
      />
      {error && <ErrorNotice error={error} />}
      <button type="submit" disabled={busy} className="self-start rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink disabled:opacity-50">
        {busy ? 'Creating…' : 'Create budget'}
      </button>
    </form>
  );
}

export function AlarmFormView({ onCreated }: { onCreated: (a: Alert) => void }) {
  const [form, setForm] = useState<AlarmForm>({ name: '', thresholdUsd: '' });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const checked = alarmDraft(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    setError(null);
    setBusy(true);
    try {
      onCreated(await createBillingAlarm(checked.draft));
      setForm({ name: '', thresholdUsd: '' });
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-labelledby="alarm-form-heading"
      className="flex flex-col gap-2 rounded-md border border-line p-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="alarm-form-heading" className="font-semibold">
        CloudWatch billing alarm
      </h3>
      <p className="text-xs text-muted" data-testid="alarm-scope">
        {ALARM_SCOPE_NOTE}
      </p>
      <Field label="Alarm name" name="name" value={form.name} onChange={(v) => setForm((f) => ({ ...f, name: v }))} problems={problems} />
      <Field
        label="Threshold (USD)"
        name="thresholdUsd"
        inputMode="decimal"
        value={form.thresholdUsd}
        onChange={(v) => setForm((f) => ({ ...f, thresholdUsd: v }))}
        problems={problems}
      />
      {error && <ErrorNotice error={error} />}
      <button type="submit" disabled={busy} className="self-start rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink disabled:opacity-50">
        {busy ? 'Creating…' : 'Create billing alarm'}
      </button>
    </form>
  );
}
