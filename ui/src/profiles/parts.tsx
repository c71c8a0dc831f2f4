// Small pieces of the Profiles screen: a copy button, an error with what the user can copy from it
// (the IAM policy statement for AccessDenied, the quota's text and link for QuotaExceeded), tag chips.
import { useEffect, useId, useRef, useState } from 'react';
import { LuCheck, LuCopy, LuX } from 'react-icons/lu';
import type { IpcError, Tag } from '../bindings';
import { copyText } from '../picker/ProfileTooltip';
import { ErrorNotice } from '../shell/ErrorNotice';

export function CopyButton({ text, label, className = '' }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<'copied' | 'failed' | null>(null);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() =>
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
      className={`inline-flex shrink-0 items-center gap-1 rounded border border-line px-1.5 py-0.5 text-xs text-muted hover:bg-raised hover:text-ink ${className}`}
    >
      {state === 'copied' ? <LuCheck aria-hidden /> : <LuCopy aria-hidden />}
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

/** The IAM policy statement inside an AccessDenied hint: from its first "\n{" on. */
export function policyOf(hint: string | null): { before: string; policy: string } | null {
  if (!hint) return null;
  const at = hint.indexOf('\n{');
  if (at < 0) return null;
  return { before: hint.slice(0, at).trim(), policy: hint.slice(at + 1) };
}

const QUOTA_LINK = /https:\/\/\S+/;

/** An error of a Profiles call, with the policy or the quota ready to copy. */
export function ProfileErrorNotice({
  error,
  profile = null,
  modelSource = null,
  children,
}: {
  error: IpcError;
  /** The profile the error is about, for "Why?". */
  profile?: string | null;
  /** The source of a profile that could not be created, for "Why?". */
  modelSource?: string | null;
  children?: React.ReactNode;
}) {
  const about = { profile, modelSource };
  const policy = error.kind === 'AccessDenied' ? policyOf(error.hint) : null;
  if (policy) {
    return (
      <ErrorNotice error={{ ...error, hint: policy.before || null }} {...about}>
        <div className="w-full">
          <div className="mb-1 flex items-center gap-2 text-xs text-muted">
            The policy statement the Profiles screen needs
            <CopyButton text={policy.policy} label="Copy the policy statement" />
          </div>
          <pre className="max-h-64 overflow-auto rounded bg-raised p-2 font-mono text-xs select-all" data-testid="policy-statement">
            <code>{policy.policy}</code>
          </pre>
        </div>
        {children}
      </ErrorNotice>
    );
  }
  if (error.kind === 'QuotaExceeded' && error.hint) {
    const link = QUOTA_LINK.exec(error.hint)?.[0];
    return (
      <ErrorNotice error={{ ...error, hint: null }} {...about}>
        <div className="w-full text-sm">
          <p className="select-text break-words text-muted" data-testid="quota-hint">
            {error.hint}
          </p>
          {link && (
            <p className="mt-1 flex items-center gap-2">
              <code className="break-all font-mono text-xs select-all">{link}</code>
              <CopyButton text={link} label="Copy the Service Quotas link" />
            </p>
          )}
        </div>
        {children}
      </ErrorNotice>
    );
  }
  return (
    <ErrorNotice error={error} {...about}>
      {children}
    </ErrorNotice>
  );
}

export function TagChips({ tags }: { tags: Tag[] | null }) {
  if (tags === null) return <span className="text-xs text-muted">Tags not fetched</span>;
  if (tags.length === 0) return <span className="text-xs text-muted">No tags</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((t) => (
        <li key={t.key} className="rounded bg-profile-soft px-1.5 py-px font-mono text-[11px] text-profile">
          {t.key}={t.value}
        </li>
      ))}
    </ul>
  );
}

/** A modal dialog: labelled by its title, Escape closes it, focus returns where it was. */
export function Dialog({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    (box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>('button'))?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={`max-h-full w-full overflow-y-auto rounded-lg border border-line bg-surface p-5 shadow-xl ${wide ? 'max-w-2xl' : 'max-w-md'}`}
      >
        <div className="mb-3 flex items-start gap-2">
          <h2 id={titleId} className="flex-1 text-lg font-semibold break-words">
            {title}
          </h2>
          <button type="button" aria-label="Close" onClick={onClose} className="rounded p-1 text-muted hover:bg-raised">
            <LuX aria-hidden />
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
