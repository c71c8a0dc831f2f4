// What start-up found about the saved conversations and usage (a damaged database moved aside, a
// newer one opened read-only, old lines that could not be imported), until the user dismisses it.
import { useState } from 'react';
import { LuDatabase, LuX } from 'react-icons/lu';
import { useAppStore } from '../store';

export function StorageNotice() {
  const { info } = useAppStore();
  const [dismissed, setDismissed] = useState(false);
  const notice = info?.storageNotice ?? null;
  if (!notice || dismissed) return null;
  return (
    <div role="alert" aria-label="Saved data" className="flex items-start gap-2 border-b border-line bg-danger/5 px-3 py-2 text-sm">
      <LuDatabase aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-danger" />
      <p className="min-w-0 flex-1 break-words">{notice}</p>
      <button
        type="button"
        aria-label="Dismiss the saved-data notice"
        className="rounded p-0.5 text-muted hover:text-ink focus-visible:outline focus-visible:outline-2"
        onClick={() => setDismissed(true)}
      >
        <LuX aria-hidden />
      </button>
    </div>
  );
}
