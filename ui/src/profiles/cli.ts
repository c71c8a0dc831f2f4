// The AWS CLI's side of the create form: the equivalent command (for an admin who must run it
// elsewhere) and the `--tags` JSON the CLI takes, read back from a paste.
import type { ProfileDraft, Tag } from '../bindings';

/** Quotes a word for a POSIX shell: bare when safe, else in single quotes (a `'` as `'\''`). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `aws bedrock create-inference-profile …` for the draft, one option per line. */
export function createCommand(draft: ProfileDraft): string {
  const parts = ['aws bedrock create-inference-profile', `--inference-profile-name ${shellQuote(draft.name)}`];
  if (draft.description !== '') parts.push(`--description ${shellQuote(draft.description)}`);
  parts.push(`--model-source ${shellQuote(JSON.stringify({ copyFrom: draft.source }))}`);
  if (draft.tags.length > 0) parts.push(`--tags ${shellQuote(JSON.stringify(draft.tags.map((t) => ({ key: t.key, value: t.value }))))}`);
  return parts.join(' \\\n  ');
}

/** Tags from the CLI's JSON `[{"key":…,"value":…}]` (`Key`/`Value` too), or why not. */
export function parseTagsJson(text: string): { tags: Tag[] } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(data)) return { error: 'Expected a JSON list like [{"key": "Project", "value": "Alpha"}].' };
  const tags: Tag[] = [];
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { error: `Item ${i + 1} is not an object with "key" and "value".` };
    }
    const o = item as Record<string, unknown>;
    const key = o.key ?? o.Key;
    const value = o.value ?? o.Value ?? '';
    if (typeof key !== 'string') return { error: `Item ${i + 1} has no "key" string.` };
    if (typeof value !== 'string') return { error: `Item ${i + 1}: "value" must be a string.` };
    tags.push({ key, value });
  }
  return { tags };
}
