// The pieces an entry is drawn with, shared by the picker's rows and its button.
import { LuBox, LuBrainCircuit, LuGlobe } from 'react-icons/lu';
import type { ModelEntry } from '../bindings';

export function EntryIcon({ entry, className = 'h-4 w-4' }: { entry: ModelEntry; className?: string }) {
  if (entry.kind === 'ApplicationProfile') {
    return <LuBrainCircuit aria-hidden data-icon="brain-circuit" className={`${className} shrink-0 text-profile`} />;
  }
  if (entry.kind === 'SystemProfile') {
    return <LuGlobe aria-hidden data-icon="globe" className={`${className} shrink-0 text-muted`} />;
  }
  return <LuBox aria-hidden data-icon="model" className={`${className} shrink-0 text-muted`} />;
}

export function EntryBadge({ entry }: { entry: ModelEntry }) {
  if (entry.kind === 'ApplicationProfile') {
    return (
      <span className="shrink-0 rounded bg-profile-soft px-1.5 py-px text-[11px] font-semibold text-profile" data-badge="profile">
        Profile
      </span>
    );
  }
  if (entry.kind === 'SystemProfile') {
    return (
      <span className="shrink-0 rounded bg-raised px-1.5 py-px text-[11px] font-medium text-muted" data-badge="cross-region">
        Cross-region{entry.geography ? ` · ${entry.geography}` : ''}
      </span>
    );
  }
  return null;
}

/** The second line: what the entry is, in a few words. */
export function secondLine(entry: ModelEntry): string {
  if (entry.kind === 'ApplicationProfile') return entry.description ?? 'Application Inference Profile';
  if (entry.kind === 'SystemProfile') return entry.id;
  return `${entry.provider ?? 'Foundation model'} · ${entry.id}`;
}
