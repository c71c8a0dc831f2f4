// An error as the user sees it: a title for its kind, what happened, what to do, a way out, and
// "Why?": the Doctor, opened on the checks that answer this kind of error.
import type { ReactNode } from 'react';
import { LuTriangleAlert } from 'react-icons/lu';
import type { IpcError, IpcErrorKind } from '../bindings';
import { checksFor } from '../doctor/checks';
import { useOptionalAppStore } from '../store';

export const ERROR_TITLE: Record<IpcErrorKind, string> = {
  NoCredentials: 'No AWS credentials',
  ExpiredCredentials: 'Your AWS session has expired',
  BrokenCredentials: 'AWS credentials could not be loaded',
  AccessDenied: 'Access denied',
  RegionMismatch: 'Wrong region',
  Throttled: 'Bedrock is throttling requests',
  QuotaExceeded: 'A quota is used up',
  Network: 'Bedrock cannot be reached',
  NotFound: 'Not found',
  Validation: 'Invalid input',
  Conflict: 'Already exists',
  Internal: 'Something went wrong',
};

export function ErrorNotice({
  error,
  profile = null,
  modelSource = null,
  onWhy,
  children,
}: {
  error: IpcError;
  /** The id or ARN of the profile the error is about, for the Doctor to look up. */
  profile?: string | null;
  /** The model or system profile a profile that could not be created copies (model-source). */
  modelSource?: string | null;
  /** Called before the Doctor opens (a popover closes itself). */
  onWhy?: () => void;
  children?: ReactNode;
}) {
  const store = useOptionalAppStore();
  // Not on the Doctor itself, and not where the notice renders outside the app (a lone part).
  const why =
    store && store.screen !== 'doctor'
      ? () => {
          onWhy?.();
          const checks = checksFor(error.kind);
          // "Why can't I create one?": the source is looked at too, with the region it is sought in.
          const withSource = modelSource && checks ? [...new Set([...checks, 'model-source' as const, 'region' as const])] : checks;
          store.openDoctor({ profileIdentifier: profile, modelSource: modelSource || null, checks: withSource });
        }
      : null;
  return (
    <div role="alert" data-error-kind={error.kind} className="rounded-md border border-danger/40 bg-danger/5 p-3 text-sm">
      <div className="flex items-start gap-2">
        <LuTriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-danger" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold text-danger">{ERROR_TITLE[error.kind]}</p>
          <p className="mt-0.5 break-words">{error.message}</p>
          {error.hint && <p className="mt-1 break-words text-muted">{error.hint}</p>}
          {(children || why) && (
            <div className="mt-2 flex flex-wrap items-center gap-2">
              {children}
              {why && (
                <button
                  type="button"
                  onClick={why}
                  title="Run the Doctor's checks for this error"
                  className="text-xs text-accent underline"
                  data-testid="error-why"
                >
                  Why?
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
