// The Doctor: "why is my profile missing?" and "why can't I create one?" answered by checks. The
// checks run concurrently and each row fills in as it finishes; a fix the app can apply is a
// button, after which the checks run again and the screen says what changed. Rows keep the
// backend's order (CheckId's), so nothing moves while they fill in; the summary names the
// failures first.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LuArrowLeft, LuStethoscope } from 'react-icons/lu';
import type { Check, CheckId, DoctorRequest, FixAction, IpcError } from '../bindings';
import { runDoctor, toIpcError } from '../ipc';
import { SCREEN_LABEL, useAppStore, type DoctorVisit } from '../store';
import { actionDone, changes, CHECK_LABEL, problems } from './checks';
import { CheckRow } from './CheckRow';
import { useDoctorRun, type RunOutcome } from './useDoctor';

export function DoctorScreen() {
  const { doctor } = useAppStore();
  // A new opening (another "Why?") starts from its own context, not from the last one's drafts.
  return <DoctorView key={doctor?.seq ?? 0} visit={doctor} />;
}

type Field = 'profile' | 'source';

function trimmed(value: string): string | null {
  const t = value.trim();
  return t === '' ? null : t;
}

/** Which field an identifier the backend refused came from: each filled one is asked alone, with no checks (nothing is sent to AWS). */
async function refusedFields(profile: string | null, source: string | null, error: IpcError): Promise<Partial<Record<Field, IpcError>>> {
  if (profile === null && source === null) return { profile: error };
  if (profile === null) return { source: error };
  if (source === null) return { profile: error };
  const probe = async (request: DoctorRequest) => {
    try {
      await runDoctor({ ...request, checks: [] }, () => undefined);
      return null;
    } catch (e) {
      return toIpcError(e);
    }
  };
  const [p, s] = await Promise.all([probe({ profileIdentifier: profile }), probe({ modelSource: source })]);
  if (!p && !s) return { profile: error };
  return { ...(p ? { profile: p } : {}), ...(s ? { source: s } : {}) };
}

function DoctorView({ visit }: { visit: DoctorVisit | null }) {
  const { showScreen } = useAppStore();
  const { run, start } = useDoctorRun();
  const [profile, setProfile] = useState(visit?.request.profileIdentifier ?? '');
  const [source, setSource] = useState(visit?.request.modelSource ?? '');
  const [scope, setScope] = useState<CheckId[] | null>(visit?.request.checks ?? null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, IpcError>>>({});
  const [changed, setChanged] = useState<string | null>(null);
  const [fixing, setFixing] = useState(false);
  const last = useRef<{ request: DoctorRequest; checks: Check[] } | null>(null);
  const profileId = useId();
  const sourceId = useId();
  const from = visit?.from ?? 'settings';

  /** Keeps a run's report (what a fix is compared with) and puts a refused identifier under its field. */
  const settle = async (request: DoctorRequest, outcome: RunOutcome | null) => {
    if (outcome?.report) last.current = { request, checks: outcome.report.checks };
    // The text stays as typed.
    if (outcome?.error?.kind === 'Validation') {
      setFieldErrors(await refusedFields(request.profileIdentifier ?? null, request.modelSource ?? null, outcome.error));
    }
    return outcome?.report ?? null;
  };
  const go = (request: DoctorRequest) => start(request).then((outcome) => settle(request, outcome));

  const submit = async (e?: FormEvent, only: CheckId[] | null = scope) => {
    e?.preventDefault();
    setChanged(null);
    setFieldErrors({});
    const request: DoctorRequest = { profileIdentifier: trimmed(profile), modelSource: trimmed(source), checks: only };
    await go(request);
  };

  // Opened from a "Why?" link: run at once, with what the error knew. Once per opening (the view
  // is keyed by it); a remount drops the first run's answers and runs again.
  useEffect(() => {
    if (visit?.autoRun) void start(visit.request).then((outcome) => settle(visit.request, outcome));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onApplied = async (action: FixAction) => {
    const before = last.current;
    if (action.kind === 'openAwsSettings' || !before) return;
    setFixing(true);
    setChanged(`${actionDone(action)}; checking again…`);
    const report = await go(before.request);
    setFixing(false);
    if (!report) {
      setChanged(`${actionDone(action)}.`);
      return;
    }
    const moved = changes(before.checks, report.checks);
    setChanged(moved.length ? `${actionDone(action)}. What changed: ${moved.join('; ')}.` : `${actionDone(action)}. No check changed.`);
  };

  const generalError = run.phase === 'failed' && run.error && run.error.kind !== 'Validation' ? run.error : null;
  const finished = run.order.map((id) => run.results[id]).filter((c): c is Check => c !== undefined);
  const bad = problems(finished);

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-5 px-6 py-8">
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={() => showScreen(from)}
          className="flex items-center gap-1 rounded-md border border-line px-2 py-1 text-sm hover:bg-raised"
        >
          <LuArrowLeft aria-hidden /> Back to {SCREEN_LABEL[from]}
        </button>
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          <LuStethoscope aria-hidden className="h-5 w-5 text-accent" /> Doctor
        </h1>
      </div>
      <p className="text-sm text-muted">
        Checks the setting, your credentials and account, the region, the profile, the IAM permissions, the model
        source, the cost allocation tags and the network, and says which one is the problem.
      </p>

      <form onSubmit={(e) => void submit(e)} aria-label="What to check" className="grid gap-4 rounded-lg border border-line bg-surface p-4">
        <IdentifierField
          id={profileId}
          label="Profile (name, id or ARN)"
          help="The profile that is missing. Empty: why no application profiles are listed."
          value={profile}
          onChange={setProfile}
          error={fieldErrors.profile ?? null}
          placeholder="project-alpha-claude-sonnet"
        />
        <IdentifierField
          id={sourceId}
          label="Source model (for a profile that cannot be created)"
          help="The model id or cross-region profile the new profile copies. Empty: that check is skipped."
          value={source}
          onChange={setSource}
          error={fieldErrors.source ?? null}
          placeholder="anthropic.claude-3-5-sonnet-20240620-v1:0"
        />
        {scope && (
          <p className="text-sm text-muted" data-testid="doctor-scope">
            Only the checks for this error: {scope.map((id) => CHECK_LABEL[id]).join(', ')}.{' '}
            <button
              type="button"
              className="text-accent underline"
              onClick={() => {
                setScope(null);
                void submit(undefined, null);
              }}
            >
              Run all checks
            </button>
          </p>
        )}
        <div className="flex items-center gap-3">
          {/* Always enabled: a new run replaces one still going (its late answers are dropped). */}
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink">
            Run
          </button>
          <span role="status" aria-live="polite" className="text-sm" data-testid="doctor-summary">
            {run.phase === 'running' && 'Running the checks…'}
            {run.phase === 'done' &&
              (bad.length
                ? `${bad.length} to look at: ${bad.map((c) => `${CHECK_LABEL[c.id]} (${c.status === 'fail' ? 'fails' : 'warns'})`).join(', ')}.`
                : 'Nothing fails.')}
          </span>
        </div>
        {changed && (
          <p role="status" aria-live="polite" className="text-sm" data-testid="doctor-changed">
            {changed}
          </p>
        )}
      </form>

      {generalError && (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/5 p-3 text-sm text-danger">
          The doctor could not run: {generalError.message}
          {generalError.hint ? ` ${generalError.hint}` : ''}
        </p>
      )}

      {run.order.length > 0 && (
        <ol aria-label="Checks" className="rounded-lg border border-line bg-surface">
          {run.order.map((id) => (
            <CheckRow key={id} id={id} check={run.results[id]} fixing={fixing || run.phase === 'running'} onApplied={(a) => void onApplied(a)} />
          ))}
        </ol>
      )}
    </div>
  );
}

function IdentifierField(props: {
  id: string;
  label: string;
  help: string;
  value: string;
  onChange: (v: string) => void;
  error: IpcError | null;
  placeholder: string;
}) {
  const errorId = `${props.id}-error`;
  const helpId = `${props.id}-help`;
  return (
    <div className="grid gap-1">
      <label htmlFor={props.id} className="text-sm font-medium">
        {props.label}
      </label>
      <input
        id={props.id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${errorId} ${helpId}` : helpId}
        onChange={(e) => props.onChange(e.target.value)}
        className="rounded-md border border-line bg-canvas px-2.5 py-1.5 font-mono text-sm aria-invalid:border-danger"
      />
      <p id={helpId} className="text-xs text-muted">
        {props.help}
      </p>
      {props.error && (
        <p id={errorId} role="alert" className="text-sm break-words text-danger">
          {props.error.message}
          {props.error.hint ? <span className="block text-muted">{props.error.hint}</span> : null}
        </p>
      )}
    </div>
  );
}
