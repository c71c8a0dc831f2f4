// Attachments in the composer (chips with a remove button) and in a sent message (images as
// thumbnails, documents as chips with their name and size).
import { LuFileText, LuX } from 'react-icons/lu';
import type { Attachment } from '../bindings';
import { formatBytes } from './attachments';

const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

export function dataUrl(a: Attachment): string {
  return `data:${MIME[a.format] ?? 'application/octet-stream'};base64,${a.data}`;
}

export function PendingAttachments(props: { attachments: Attachment[]; onRemove: (index: number) => void }) {
  if (props.attachments.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="flex flex-wrap gap-1.5">
      {props.attachments.map((a, i) => (
        <li key={`${a.name}-${i}`} className="flex items-center gap-1.5 rounded-md border border-line bg-canvas py-0.5 pr-1 pl-0.5 text-xs">
          {a.kind === 'image' ? (
            <img alt="" src={dataUrl(a)} className="h-6 w-6 rounded object-cover" />
          ) : (
            <LuFileText aria-hidden className="ml-1 text-muted" />
          )}
          <span className="max-w-48 truncate">{a.name}</span>
          <span className="text-muted">{formatBytes(a.size)}</span>
          <button type="button" aria-label={`Remove ${a.name}`} onClick={() => props.onRemove(i)} className="rounded p-0.5 text-muted hover:bg-raised hover:text-ink">
            <LuX aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}

export function SentAttachments(props: { attachments: Attachment[] }) {
  if (props.attachments.length === 0) return null;
  return (
    <div className="flex flex-wrap justify-end gap-1.5" data-testid="message-attachments">
      {props.attachments.map((a, i) =>
        a.kind === 'image' ? (
          <img key={i} alt={a.name} title={`${a.name} · ${formatBytes(a.size)}`} src={dataUrl(a)} className="max-h-40 min-h-10 max-w-60 min-w-10 rounded-md border border-line bg-surface object-contain" />
        ) : (
          <span key={i} className="flex items-center gap-1 rounded-md border border-line bg-surface px-2 py-1 text-xs" data-testid="document-chip">
            <LuFileText aria-hidden className="text-muted" />
            <span className="max-w-60 truncate">{a.name}</span>
            <span className="text-muted">{formatBytes(a.size)}</span>
          </span>
        ),
      )}
    </div>
  );
}
