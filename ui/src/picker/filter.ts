// Search and grouping for the picker. The searchable text of each entry is built once per catalog,
// so a keystroke is one pass of `includes` over prepared strings, fast with thousands of entries.
import type { ModelEntry } from '../bindings';

export type Row =
  | { type: 'group'; key: string; label: string; count: number }
  | { type: 'entry'; key: string; entry: ModelEntry; group: string };

export interface Prepared {
  entry: ModelEntry;
  /** Name, id, ARN, provider, description, base model, geography and `key=value` tags. */
  text: string;
  /** Lower-case `key=value` of each tag. */
  tags: string[];
}

export const APPLICATION_GROUP = 'Application profiles';

export function prepare(entries: readonly ModelEntry[]): Prepared[] {
  return entries.map((entry) => {
    const tags = (entry.tags ?? []).map((t) => `${t.key}=${t.value}`.toLowerCase());
    const text = [
      entry.name,
      entry.id,
      entry.arn,
      entry.provider ?? '',
      entry.description ?? '',
      entry.baseModelName ?? '',
      entry.geography ?? '',
      ...tags,
    ]
      .join('\n')
      .toLowerCase();
    return { entry, text, tags };
  });
}

/**
 * Whitespace-separated terms, all of which must match. A term with `=` matches a tag: the key
 * exactly and the value from its start (`project=al` finds `Project=Alpha`); other terms match
 * anywhere in the searchable text.
 */
export function matches(p: Prepared, terms: readonly string[]): boolean {
  for (const term of terms) {
    const eq = term.indexOf('=');
    if (eq > 0) {
      if (!p.tags.some((t) => t.startsWith(term) && t.indexOf('=') === eq)) return false;
    } else if (!p.text.includes(term)) {
      return false;
    }
  }
  return true;
}

export function terms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export function groupOf(entry: ModelEntry): string {
  return entry.kind === 'ApplicationProfile' ? APPLICATION_GROUP : (entry.provider ?? 'Other');
}

/** The rows to show: a header per group (application profiles first, then by provider). */
export function filterRows(prepared: readonly Prepared[], query: string): Row[] {
  const t = terms(query);
  return groupRows(prepared.filter((p) => t.length === 0 || matches(p, t)).map((p) => p.entry));
}

/** Groups entries that matched, in their order, under a header per group. */
export function groupRows(entries: Iterable<ModelEntry>): Row[] {
  const groups = new Map<string, ModelEntry[]>();
  for (const entry of entries) {
    const g = groupOf(entry);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(entry);
  }
  const names = [...groups.keys()].sort((a, b) => {
    if (a === APPLICATION_GROUP) return -1;
    if (b === APPLICATION_GROUP) return 1;
    return a.localeCompare(b);
  });
  const rows: Row[] = [];
  for (const name of names) {
    const list = groups.get(name) ?? [];
    rows.push({ type: 'group', key: `group:${name}`, label: name, count: list.length });
    for (const entry of list) rows.push({ type: 'entry', key: entry.id, entry, group: name });
  }
  return rows;
}

/** Why an entry cannot be chosen for chat, if it cannot. */
export function unavailableReason(entry: ModelEntry): string | null {
  if (!entry.capabilities.textOutput) return 'Does not produce text: not for chat';
  if (entry.kind === 'Foundation' && !entry.capabilities.onDemand) {
    return 'Only through an inference profile: pick its cross-region profile';
  }
  return null;
}
