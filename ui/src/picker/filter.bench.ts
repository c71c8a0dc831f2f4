// scripts/bench ui, part 1: the picker's search over 2,000 entries, one keystroke at a time, against
// a straightforward filter that lower-cases every field of every entry on every keystroke.
// Run with `vitest bench --run --config ui/vite.config.ts`; not part of `vitest run`.
import { bench, describe } from 'vitest';
import type { ModelEntry, Tag } from '../bindings';
import { embed, haiku, nova, profile, usHaiku } from '../test/catalog';
import { filterRows, groupRows, prepare, terms, type Row } from './filter';

const ENTRIES = 2_000;
/** What a user types, one character at a time: a tag search and a name search. */
const TYPED = ['project=alpha', 'claude sonnet'];

const PROJECTS = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Atlas', 'Orion', 'Nova', 'Zephyr', 'Apollo', 'Hermes'];
const DEPARTMENTS = ['Engineering', 'Marketing', 'Sales', 'Finance', 'Support', 'Research', 'Legal', 'Data'];
const ENVIRONMENTS = ['Production', 'Staging', 'Development'];
const MODELS = [
  ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'sonnet'],
  ['anthropic.claude-3-haiku-20240307-v1:0', 'haiku'],
] as const;

/** The fixture models and cross-region profile, then application profiles up to `count` entries. */
function catalogOf(count: number): ModelEntry[] {
  const entries: ModelEntry[] = [haiku, nova, embed, usHaiku];
  for (let i = 0; entries.length < count; i++) {
    const project = PROJECTS[i % PROJECTS.length] ?? '';
    const department = DEPARTMENTS[Math.floor(i / PROJECTS.length) % DEPARTMENTS.length] ?? '';
    const environment = ENVIRONMENTS[i % ENVIRONMENTS.length] ?? '';
    const [modelId, short] = MODELS[i % MODELS.length] ?? MODELS[0];
    const tags: Tag[] = [
      { key: 'Project', value: project },
      { key: 'Department', value: department },
      { key: 'CostCenter', value: `CC-${1000 + (i % 50)}` },
      { key: 'Environment', value: environment },
    ];
    const name = `${project}-${department}-claude-${short}-${String(i).padStart(4, '0')}`.toLowerCase();
    const id = (i.toString(36) + 'p'.repeat(12)).slice(0, 12);
    entries.push(profile(name, id, modelId, tags, `${department} ${environment.toLowerCase()} workload for ${project}`));
  }
  return entries;
}

/** The baseline: the same matching and grouping, lower-casing every field on every keystroke. */
function naiveFilterRows(entries: readonly ModelEntry[], query: string): Row[] {
  const t = terms(query);
  const matched: ModelEntry[] = [];
  for (const entry of entries) {
    const tags = (entry.tags ?? []).map((tag) => `${tag.key}=${tag.value}`.toLowerCase());
    const fields = [
      entry.name,
      entry.id,
      entry.arn,
      entry.provider ?? '',
      entry.description ?? '',
      entry.baseModelName ?? '',
      entry.geography ?? '',
      ...tags,
    ].map((f) => f.toLowerCase());
    const hit = t.every((term) => {
      const eq = term.indexOf('=');
      if (eq > 0) return tags.some((tag) => tag.startsWith(term) && tag.indexOf('=') === eq);
      return fields.some((f) => f.includes(term));
    });
    if (hit) matched.push(entry);
  }
  return groupRows(matched);
}

const entries = catalogOf(ENTRIES);
const prepared = prepare(entries);
const keystrokes = TYPED.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));

// Both must give the same rows, or the comparison means nothing.
for (const q of keystrokes) {
  const a = filterRows(prepared, q).map((r) => r.key);
  const b = naiveFilterRows(entries, q).map((r) => r.key);
  if (a.join('\n') !== b.join('\n')) throw new Error(`the baseline filter disagrees with filterRows on "${q}"`);
}
if (filterRows(prepared, 'project=alpha').length < 2) throw new Error('the generated catalog has no Project=Alpha');

/** Each call is one keystroke: the next prefix of the typed queries, round and round. */
function typing(filter: (q: string) => Row[]) {
  let i = 0;
  return () => {
    filter(keystrokes[i++ % keystrokes.length] ?? '');
  };
}

describe(`filter ${ENTRIES} entries per keystroke`, () => {
  bench('strata', typing((q) => filterRows(prepared, q)), { time: 2_000, warmupTime: 300 });
  bench('baseline', typing((q) => naiveFilterRows(entries, q)), { time: 2_000, warmupTime: 300 });
});

describe(`prepare ${ENTRIES} entries (once per catalog)`, () => {
  bench('strata', () => void prepare(entries), { time: 1_000, warmupTime: 200 });
});
