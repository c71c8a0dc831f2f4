// One check as a row: its status (icon and word), its name, the finding, the fix in words, the
// fix as a button when the app can apply it, the policy statement to copy, and what it looked
// at (collapsed). A running row keeps the height of a finished one's first lines, so rows do
// not jump while the others fill in.
import { useState } from 'react';
import type { IconType } from 'react-icons';
import { LuCircleCheck, LuCircleMinus, LuCircleX, LuLoaderCircle, LuTriangleAlert } from 'react-icons/lu';
import type { Check, CheckId, CheckStatus, FixAction, IpcError } from '../bindings';
import { CopyButton } from '../profiles/parts';
import { actionLabel, CHECK_LABEL, STATUS_WORD } from './checks';
import { useApplyFix } from './useDoctor';

const STATUS_ICON: Record<CheckStatus | 'running', { icon: IconType; tone: string }> = {
  pass: { icon: LuCircleCheck, tone: 'text-ok' },
  warn: { icon: LuTriangleAlert, tone: 'text-demo' },
  fail: { icon: LuCircleX, tone: 'text-danger' },
  skipped: { icon: LuCircleMinus, tone: 'text-muted' },
  running: { icon: LuLoaderCircle, tone: 'text-muted animate-spin' },
};

export function StatusMark({ status }: { status: CheckStatus | 'running' }) {
  const { icon: Icon, tone } = STATUS_ICON[status];
  return (
    <span className="flex w-24 shrink-0 items-center gap-1.5 self-start pt-0.5 text-xs font-semibold" data-testid="check-status">
      <Icon aria-hidden className={`h-4 w-4 shrink-0 ${tone}`} />
      {STATUS_WORD[status]}
    </span>
  );
}

/** The button of a fix the app applies; `onApplied` hears when it worked. */
export function FixButton({ action, onApplied, disabled = false }: { action: FixAction; onApplied: (action: FixAction) => void; disabled?: boolean }) {
  const apply = useApplyFix();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'applying' } | { kind: 'failed'; error: IpcError }>({ kind: 'idle' });
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        disabled={disabled || state.kind === 'applying'}
        data-action={action.kind}
        onClick={() => {
          setState({ kind: 'applying' });
          apply(action).then(
            () => {
              setState({ kind: 'idle' });
              onApplied(action);
            },
            (e: IpcError) => setState({ kind: 'failed', error: e }),
          );
        }}
        className="self-start rounded bg-accent px-2 py-1 text-xs text-accent-ink disabled:opacity-50"
      >
        {state.kind === 'applying' ? 'Applying…' : actionLabel(action)}
      </button>
      {state.kind === 'failed' && (
        <span role="alert" className="text-xs text-danger">
          {state.error.message}
          {state.error.hint ? ` ${state.error.hint}` : ''}
        </span>
      )}
    </span>
  );
}

export function CheckRow({
  id,
  check,
  onApplied,
  fixing = false,
}: {
  id: CheckId;
  /** `undefined` while it runs. */
  check: Check | undefined;
  onApplied: (action: FixAction) => void;
  /** Another fix is being applied or the checks are running again: no second fix meanwhile. */
  fixing?: boolean;
}) {
  const status = check?.status ?? 'running';
  return (
    <li
      data-check={id}
      data-status={status}
      aria-busy={check ? undefined : true}
      aria-labelledby={`check-${id}`}
      className="flex min-h-16 gap-3 border-b border-line px-3 py-3 last:border-b-0"
    >
      <StatusMark status={status} />
      <div className="min-w-0 flex-1">
        <h3 id={`check-${id}`} className="text-sm font-medium">
          {CHECK_LABEL[id]}
        </h3>
        <p className="mt-0.5 text-sm break-words" data-testid="check-finding">
          {check ? check.finding : <span className="text-muted">Checking…</span>}
        </p>
        {check?.fix && (
          <p className="mt-1 text-sm break-words text-muted" data-testid="check-fix">
            <span className="font-medium text-ink">Fix: </span>
            <span className="select-text">{check.fix}</span>
          </p>
        )}
        {check?.action && (
          <div className="mt-2">
            <FixButton action={check.action} onApplied={onApplied} disabled={fixing} />
          </div>
        )}
        {check?.policy && (
          <div className="mt-2">
            <div className="mb-1 flex items-center gap-2 text-xs text-muted">
              The policy statement that grants what is missing
              <CopyButton text={check.policy} label="Copy the policy statement" />
            </div>
            <pre className="max-h-64 overflow-auto rounded bg-raised p-2 font-mono text-xs select-all" data-testid="check-policy">
              <code>{check.policy}</code>
            </pre>
          </div>
        )}
        {check && check.details.length > 0 && (
          <details className="mt-2 text-xs">
            <summary className="cursor-pointer text-muted">What it looked at</summary>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono break-words">
              {check.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  );
}
