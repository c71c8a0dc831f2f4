// The Profiles table's rows: what each column shows and sorts by, and the filter (words anywhere,
// `key=value` on the tags, as in the picker).
import type { EntryStatus, Profile } from '../bindings';

export type Column = 'name' | 'description' | 'model' | 'status' | 'createdAt' | 'updatedAt' | 'tags';
export type Direction = 'ascending' | 'descending';
export interface Sort {
  column: Column;
  direction: Direction;
}

export const COLUMNS: readonly { column: Column; label: string }[] = [
  { column: 'name', label: 'Name' },
  { column: 'description', label: 'Description' },
  { column: 'model', label: 'Model' },
  { column: 'status', label: 'Status' },
  { column: 'createdAt', label: 'Created' },
  { column: 'updatedAt', label: 'Updated' },
  { column: 'tags', label: 'Tags' },
];

export function statusText(status: EntryStatus): string {
  return typeof status === 'string' ? status : status.OTHER;
}

/** What the profile copies, in a few words: the cross-region profile, or the model. */
export function originText(p: Profile): string {
  switch (p.origin.type) {
    case 'crossRegion':
      return `Cross-region${p.origin.geography ? ` · ${p.origin.geography}` : ''}: ${p.origin.profileId}`;
    case 'model': {
      const id = p.origin.modelId;
      return p.models.find((m) => m.modelId === id)?.name ?? id;
    }
    default:
      return p.models[0]?.name ?? p.models[0]?.modelId ?? 'Unknown';
  }
}

/** A timestamp as the table shows it: the UTC date (the full time, as AWS prints it, in its title). */
export function shortTime(t: string | null): string {
  if (!t) return '—';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return d.toISOString().slice(0, 10);
}

function sortValue(p: Profile, column: Column): string {
  switch (column) {
    case 'description':
      return p.description ?? '';
    case 'model':
      return originText(p);
    case 'status':
      return statusText(p.status);
    case 'createdAt':
      return p.createdAt ? new Date(p.createdAt).toISOString() : '';
    case 'updatedAt':
      return p.updatedAt ? new Date(p.updatedAt).toISOString() : '';
    case 'tags':
      return (p.tags ?? []).map((t) => `${t.key}=${t.value}`).join(' ');
    default:
      return p.name;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortProfiles(profiles: readonly Profile[], sort: Sort): Profile[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...profiles].sort((a, b) => sign * collator.compare(sortValue(a, sort.column), sortValue(b, sort.column)) || collator.compare(a.name, b.name));
}

/**
 * Whitespace-separated terms, all of which must match. `key=value` matches a tag (the key exactly,
 * the value from its start, case-insensitive); other words match name, description, model, ARN,
 * id, region, status or a tag anywhere.
 */
export function filterProfiles(profiles: readonly Profile[], query: string): Profile[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...profiles];
  return profiles.filter((p) => {
    const tags = (p.tags ?? []).map((t) => `${t.key}=${t.value}`.toLowerCase());
    const text = [p.name, p.description ?? '', originText(p), p.arn, p.id, p.region, statusText(p.status), ...p.models.map((m) => m.modelId), ...tags]
      .join('\n')
      .toLowerCase();
    return terms.every((term) => {
      const eq = term.indexOf('=');
      if (eq > 0) return tags.some((t) => t.startsWith(term) && t.indexOf('=') === eq);
      return text.includes(term);
    });
  });
}
