// What an application profile is made of: its ARN (copyable), the model(s) under it and its tags.
import { useState } from 'react';
import { LuCheck, LuCopy } from 'react-icons/lu';
import type { ModelEntry } from '../bindings';

/** Copies text with the async clipboard API, or the selection fallback where that is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('the clipboard is not available');
  }
}

/** Where the tooltip sits in its column: level with its row, growing down from the row's top in
 * the upper half of the list and up from the row's bottom in the lower half, so it stays in view. */
export type TooltipPlace = { top: number } | { bottom: number };

export function ProfileTooltip({ id, entry, place }: { id: string; entry: ModelEntry; place: TooltipPlace }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    copyText(entry.arn).then(
      () => {
        setCopied('yes');
        console.info('[inference-profile] ARN copied', { arn: entry.arn });
      },
      () => setCopied('failed'),
    );
  };
  return (
    <div
      id={id}
      role="tooltip"
      style={place}
      className="absolute right-2 left-2 z-10 rounded-md border border-line bg-surface p-3 text-xs shadow-lg"
    >
      <div className="mb-1 font-semibold text-ink">{entry.name}</div>
      <div className="mb-1 text-muted">ARN</div>
      <div className="mb-2 flex items-start gap-2">
        <code className="min-w-0 flex-1 font-mono break-all select-all" data-testid="tooltip-arn">
          {entry.arn}
        </code>
        <button
          type="button"
          onClick={copy}
          onMouseDown={(e) => e.preventDefault()}
          className="flex shrink-0 items-center gap-1 rounded border border-line px-1.5 py-0.5 text-muted hover:bg-raised hover:text-ink"
          aria-label="Copy ARN"
        >
          {copied === 'yes' ? <LuCheck aria-hidden /> : <LuCopy aria-hidden />}
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <div className="mb-1 text-muted">{entry.underlyingModels.length > 1 ? 'Models' : 'Model'}</div>
      <ul className="mb-2 space-y-0.5">
        {entry.underlyingModels.length === 0 && <li>Unknown</li>}
        {entry.underlyingModels.map((m) => (
          <li key={m.arn}>
            {m.name ?? m.modelId} <span className="text-muted">· {m.region}</span>
          </li>
        ))}
      </ul>
      <div className="mb-1 text-muted">Tags</div>
      {entry.tags === null ? (
        <p className="text-muted">Loading tags…</p>
      ) : entry.tags.length === 0 ? (
        <p className="text-muted">No tags: spend is not allocated to a project.</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label="Tags">
          {entry.tags.map((t) => (
            <li key={t.key} className="rounded bg-profile-soft px-1.5 py-px font-mono text-profile">
              {t.key}={t.value}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-[11px] text-muted">Alt+C copies the ARN.</p>
    </div>
  );
}
