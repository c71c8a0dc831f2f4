// The Doctor's findings where the problem is met (the picker's empty states and its error
// notices): the checks that answer it run once when the state appears, and what fails or warns
// is shown with its fix button. The caller keys this by the state, so a new state starts a
// fresh run and a late answer for the old one is dropped with it.
import { useEffect, useState, type ReactNode } from 'react';
import type { CheckId, DoctorRequest, FixAction } from '../bindings';
import { CopyButton } from '../profiles/parts';
import { useAppStore } from '../store';
import { actionDone, CHECK_LABEL, problems } from './checks';
import { FixButton } from './CheckRow';
import { useDoctorRun } from './useDoctor';

export function InlineFindings({
  request,
  fallback = null,
  onLeave,
  onFixed,
}: {
  request: DoctorRequest & { checks: CheckId[] };
  /** Shown when the checks find nothing to fix or cannot run (the generic hint). */
  fallback?: ReactNode;
  /** Called before the app goes to another screen (the picker's panel closes). */
  onLeave?: () => void;
  /** Called once a fix is applied here: its button goes away, so focus goes back to the caller. */
  onFixed?: () => void;
}) {
  const { run, start } = useDoctorRun();
  const { openDoctor } = useAppStore();
  const [applied, setApplied] = useState<string | null>(null);

  // Once per appearance of the state (the caller's key); the request is part of that state.
  useEffect(() => {
    void start(request);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start]);

  const onApplied = (action: FixAction) => {
    if (action.kind === 'openAwsSettings') {
      onLeave?.();
      return;
    }
    // The tags' status is not part of the picker's state: ask again. A setting or region change
    // reloads the list, and the new state brings its own run.
    if (action.kind === 'activateCostTags') void start(request);
    else setApplied(`${actionDone(action)}; reloading the list…`);
    onFixed?.();
  };

  if (applied) {
    return (
      <p role="status" className="w-full text-xs text-muted" data-testid="inline-findings">
        {applied}
      </p>
    );
  }
  if (run.phase === 'running' || run.phase === 'idle') {
    return (
      <p className="w-full text-xs text-muted" data-testid="inline-findings" aria-busy="true">
        Checking why…
      </p>
    );
  }
  const found = run.phase === 'done' ? problems(run.order.flatMap((id) => run.results[id] ?? [])) : [];
  if (found.length === 0) return <>{fallback}</>;
  return (
    <div className="w-full space-y-2" data-testid="inline-findings">
      {found.map((check) => (
        <div key={check.id} data-check={check.id} data-status={check.status} className="text-xs">
          <p className="break-words">
            <span className="font-semibold">{CHECK_LABEL[check.id]}: </span>
            {check.finding}
          </p>
          {check.fix && <p className="mt-0.5 break-words text-muted">{check.fix}</p>}
          <div className="mt-1 flex flex-wrap items-center gap-2">
            {check.action && <FixButton action={check.action} onApplied={onApplied} />}
            {check.policy && <CopyButton text={check.policy} label="Copy the policy statement" />}
          </div>
        </div>
      ))}
      <button
        type="button"
        className="text-xs text-accent underline"
        onClick={() => {
          onLeave?.();
          openDoctor(request);
        }}
      >
        All the details in the Doctor
      </button>
    </div>
  );
}
