// AWS Settings: region, credentials profile, demo mode, "Enable Inference Profiles" and the
// endpoint overrides (one for Bedrock, one for Bedrock Runtime). Every change is validated and saved at once; a rejected value stays in its
// field with the reason beside it, so nothing the user typed is lost.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AwsOptions, DemoPreference, IpcError, Settings } from '../bindings';
import { DEMO_WHY, useCatalog } from '../catalog/store';
import { awsOptions, toIpcError } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: IpcError };

/** Saves one field and reports its own state ("Saving…", "Saved", or the error). */
export function useFieldSave() {
  const { saveSettings } = useCatalog();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const save = async (patch: Partial<Settings>): Promise<boolean> => {
    window.clearTimeout(timer.current);
    setState({ kind: 'saving' });
    try {
      await saveSettings(patch);
      setState({ kind: 'saved' });
      timer.current = window.setTimeout(() => setState({ kind: 'idle' }), 2500);
      return true;
    } catch (e) {
      setState({ kind: 'failed', error: toIpcError(e) });
      return false;
    }
  };
  return { state, save };
}

export function SaveStatus({ state }: { state: SaveState }) {
  return (
    <span role="status" className="text-xs text-muted" aria-live="polite">
      {state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? 'Saved' : ''}
    </span>
  );
}

function Field(props: { label: string; htmlFor: string; help: ReactNode; state: SaveState; children: ReactNode }) {
  return (
    <div className="grid gap-1">
      <div className="flex items-center gap-2">
        <label htmlFor={props.htmlFor} className="text-sm font-medium">
          {props.label}
        </label>
        <SaveStatus state={props.state} />
      </div>
      {props.children}
      <p className="text-xs text-muted">{props.help}</p>
      {props.state.kind === 'failed' && <ErrorNotice error={props.state.error} />}
    </div>
  );
}

/** A text setting saved on Enter or when the field loses focus, if it changed. */
function TextSetting(props: {
  label: string;
  help: ReactNode;
  value: string | null;
  placeholder: string;
  list?: string;
  onSave: (value: string | null) => Partial<Settings>;
}) {
  const id = useId();
  const { state, save } = useFieldSave();
  const [draft, setDraft] = useState(props.value ?? '');
  const saved = props.value ?? '';
  // A change from elsewhere (another field's save, a broadcast) shows unless the user is typing.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(saved);
  }, [saved]);
  const commit = () => {
    editing.current = false;
    if (draft.trim() === saved) return;
    void save(props.onSave(draft.trim() === '' ? null : draft.trim()));
  };
  return (
    <Field label={props.label} htmlFor={id} help={props.help} state={state}>
      <input
        id={id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        list={props.list}
        value={draft}
        placeholder={props.placeholder}
        aria-invalid={state.kind === 'failed' ? true : undefined}
        onChange={(e) => {
          editing.current = true;
          setDraft(e.target.value);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            editing.current = false;
            setDraft(saved);
          }
        }}
        className="rounded-md border border-line bg-canvas px-2.5 py-1.5 font-mono text-sm aria-invalid:border-danger"
      />
    </Field>
  );
}

const DEMO_CHOICES: { value: DemoPreference; label: string; help: string }[] = [
  { value: 'auto', label: 'Automatic', help: 'Demo when no AWS credentials are found, your AWS account otherwise.' },
  { value: 'on', label: 'Always demo', help: 'Use the built-in simulated Bedrock, even with credentials.' },
  { value: 'off', label: 'Never demo', help: 'Always use AWS; without credentials, say so.' },
];

export function AwsSettings() {
  const { settings, list } = useCatalog();
  const [options, setOptions] = useState<AwsOptions | null>(null);
  const profiles = useFieldSave();
  const toggle = useFieldSave();
  const demo = useFieldSave();
  const regionsId = useId();
  const toggleId = useId();
  const profileId = useId();
  const demoId = useId();

  useEffect(() => {
    awsOptions().then(setOptions, (e: unknown) => console.warn('[settings] AWS profiles unavailable', toIpcError(e)));
  }, []);

  if (!settings) return <p className="text-sm text-muted">Loading settings…</p>;
  const s = settings.settings;
  const conn = list?.connection ?? null;

  return (
    <section aria-labelledby="settings-aws" className="grid gap-5 rounded-lg border border-line bg-surface p-4">
      <div>
        <h2 id="settings-aws" className="font-medium">
          AWS Settings
        </h2>
        <p className="mt-1 text-xs text-muted" data-testid="connection-summary">
          {conn
            ? conn.demo
              ? `Now: demo — simulated Bedrock in ${conn.region} (${DEMO_WHY[conn.demo]}).`
              : `Now: Amazon Bedrock in ${conn.region}${conn.profile ? ` as profile ${conn.profile}` : ''}${conn.endpointUrl ? ` via ${conn.endpointUrl}` : ''}${conn.runtimeEndpointUrl ? `, chat via ${conn.runtimeEndpointUrl}` : ''}.`
            : 'Not connected yet.'}{' '}
          Changes apply at once; no restart is needed.
        </p>
      </div>
      {settings.notice && (
        <p role="alert" className="rounded-md border border-demo/40 bg-demo-soft p-2 text-sm text-demo">
          {settings.notice}
        </p>
      )}

      <div className="grid gap-1">
        <div className="flex items-center gap-2">
          <input
            id={toggleId}
            type="checkbox"
            checked={s.enableInferenceProfiles}
            disabled={toggle.state.kind === 'saving'}
            onChange={(e) => {
              const on = e.target.checked;
              console.info(`[inference-profile] Enable Inference Profiles ${on ? 'on' : 'off'}`);
              void toggle.save({ enableInferenceProfiles: on });
            }}
            className="h-4 w-4 accent-[var(--strata-profile)]"
          />
          <label htmlFor={toggleId} className="text-sm font-medium">
            Enable Inference Profiles
          </label>
          <SaveStatus state={toggle.state} />
        </div>
        <p className="ml-6 text-xs text-muted">
          List your Application Inference Profiles in the model picker, so that chats are billed to their tags
          (Project, Department, CostCenter…).
        </p>
        {toggle.state.kind === 'failed' && <ErrorNotice error={toggle.state.error} />}
      </div>

      <TextSetting
        label="Region"
        value={s.region}
        list={regionsId}
        placeholder={
          conn && !s.region ? `${conn.region} (${conn.demo ? 'the demo’s region' : 'from your AWS config'})` : 'us-east-1'
        }
        help="Where Bedrock calls go. Empty: AWS_REGION or your profile's region, else us-east-1 (ap-northeast-1 in demo mode)."
        onSave={(region) => ({ region })}
      />
      <datalist id={regionsId}>
        {options?.regions.map((r) => <option key={r} value={r} />)}
      </datalist>

      <Field
        label="Credentials profile"
        htmlFor={profileId}
        state={profiles.state}
        help="From ~/.aws/config and ~/.aws/credentials: access keys, SSO (run `aws sso login --profile NAME` first), credential_process, assume-role."
      >
        <select
          id={profileId}
          value={s.awsProfile ?? ''}
          onChange={(e) => void profiles.save({ awsProfile: e.target.value || null })}
          className="rounded-md border border-line bg-canvas px-2.5 py-1.5 text-sm"
        >
          <option value="">Default chain (AWS_PROFILE, environment, default)</option>
          {s.awsProfile && !options?.profiles.includes(s.awsProfile) && <option value={s.awsProfile}>{s.awsProfile}</option>}
          {options?.profiles.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>

      <Field label="Demo mode" htmlFor={demoId} state={demo.state} help={DEMO_CHOICES.find((c) => c.value === s.demoMode)?.help}>
        <select
          id={demoId}
          value={s.demoMode}
          onChange={(e) => void demo.save({ demoMode: e.target.value as DemoPreference })}
          className="rounded-md border border-line bg-canvas px-2.5 py-1.5 text-sm"
        >
          {DEMO_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>

      <details className="group">
        <summary className="cursor-pointer text-sm font-medium">Advanced</summary>
        <div className="mt-3 grid gap-4">
          <TextSetting
            label="Bedrock endpoint"
            value={s.endpointUrl}
            placeholder="https://bedrock.us-east-1.vpce.amazonaws.com"
            help="Send model-list and profile calls to this URL instead (e.g. a VPC endpoint). https:// to any host, http:// only to this machine. Empty: AWS_ENDPOINT_URL_BEDROCK, AWS_ENDPOINT_URL, else Bedrock's own."
            onSave={(endpointUrl) => ({ endpointUrl })}
          />
          <TextSetting
            label="Bedrock Runtime endpoint"
            value={s.runtimeEndpointUrl ?? null}
            placeholder="https://bedrock-runtime.us-east-1.vpce.amazonaws.com"
            help="Send chat calls to this URL instead (Bedrock Runtime has its own VPC endpoint). Empty: AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL, else Bedrock Runtime's own."
            onSave={(runtimeEndpointUrl) => ({ runtimeEndpointUrl })}
          />
        </div>
      </details>
    </section>
  );
}
