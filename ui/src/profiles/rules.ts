// AWS's input rules for an application inference profile, checked as the user types, exactly as
// the core's `check_draft`/`check_tags` check them (profiles-contract §1; both run the shared cases
// of crates/core/src/profiles/rule_cases.json). Positions are 0-based code-point indexes; messages
// say them 1-based, as people count.
import type { DraftField, FieldProblem, ProfileDraft, Tag } from '../bindings';

export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 200;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
export const TAGS_MAX = 50;

/** The rule of each field, in words, shown beside it. */
export const RULE_TEXT = {
  name: `1–${NAME_MAX} characters: letters, digits, and a single space, "_" or "-" between them.`,
  description: `Optional, up to ${DESCRIPTION_MAX} characters: letters, digits, ":" and ".", and a single space, "_" or "-" after one of them.`,
  source: 'A foundation model or a cross-region (system-defined) profile of this region.',
  tagKey: `1–${TAG_KEY_MAX} characters: letters, digits, spaces and . _ : / = + @ -; not starting with "aws:".`,
  tagValue: `Up to ${TAG_VALUE_MAX} of the same characters.`,
  tags: `At most ${TAGS_MAX} tags, each key once (keys are case-sensitive).`,
} as const;

const SEPARATORS = new Set([' ', '_', '-']);
const isAsciiAlnum = (c: string) => /^[0-9a-zA-Z]$/.test(c);
// Java's \s: space, \t, \n, \x0B, \f, \r.
const TAG_CHAR = /^[a-zA-Z0-9 \t\n\v\f\r._:/=+@-]$/;

interface TextRule {
  label: string;
  max: number;
  isMain: (c: string) => boolean;
  /** What a character that is neither main nor separator becomes in the suggestion. */
  replacement: string;
  /** What a run of 2+ separators becomes. */
  collapse: (run: string[]) => string;
  mainWords: string;
}

const NAME_RULE: TextRule = {
  label: 'Name',
  max: NAME_MAX,
  isMain: isAsciiAlnum,
  replacement: '-',
  collapse: (run) => (run.includes('-') ? '-' : (run[0] ?? '-')),
  mainWords: 'a letter or digit',
};

const DESCRIPTION_RULE: TextRule = {
  label: 'Description',
  max: DESCRIPTION_MAX,
  isMain: (c) => isAsciiAlnum(c) || c === ':' || c === '.',
  replacement: ' ',
  collapse: (run) => (run.includes('-') && run.includes(' ') ? ': ' : run.includes('-') ? '-' : (run[0] ?? ' ')),
  mainWords: 'a letter, digit, ":" or "."',
};

/** NFD-decomposed with the combining marks U+0300–U+036F dropped (`Café` → `Cafe`). */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** How a character is named in a message: quoted, with invisible ones spelled out. */
export function showChar(c: string): string {
  const names: Record<string, string> = { ' ': 'a space', '\t': 'a tab', '\n': 'a line break', '\r': 'a carriage return' };
  if (names[c]) return names[c];
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}

function sepWord(c: string): string {
  return c === ' ' ? 'a space' : `"${c}"`;
}

/** The first thing wrong with a name or description, per the pattern `([main][ _-]?)+`. */
function firstTextProblem(value: string, rule: TextRule): { position: number | null; message: string } | null {
  const chars = Array.from(value);
  if (chars.length === 0) return { position: null, message: `${rule.label} is required.` };
  let bad: { position: number; message: string } | null = null;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (rule.isMain(c)) continue;
    if (SEPARATORS.has(c)) {
      if (i === 0) {
        bad = { position: 0, message: `${rule.label}: ${showChar(c)} at character 1 cannot start it; it must follow ${rule.mainWords}.` };
        break;
      }
      const prev = chars[i - 1] as string;
      if (SEPARATORS.has(prev)) {
        bad = {
          position: i,
          message: `${rule.label}: ${sepWord(c)} at character ${i + 1} follows ${sepWord(prev)}; a space, "_" or "-" must follow ${rule.mainWords}.`,
        };
        break;
      }
      continue;
    }
    bad = { position: i, message: `${rule.label}: ${showChar(c)} at character ${i + 1} is not allowed.` };
    break;
  }
  if (chars.length > rule.max && (bad === null || bad.position >= rule.max)) {
    return {
      position: rule.max,
      message: `${rule.label} is ${chars.length} characters long; at most ${rule.max} are allowed (character ${rule.max + 1} is the first over).`,
    };
  }
  return bad;
}

/** The nearest text the pattern accepts (contract §1, steps 0–4); null when empty or unchanged. */
function suggestText(value: string, rule: TextRule): string | null {
  const chars = Array.from(stripDiacritics(value)).map((c) => (rule.isMain(c) || SEPARATORS.has(c) ? c : rule.replacement));
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const c = chars[i] as string;
    if (!SEPARATORS.has(c)) {
      out.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && SEPARATORS.has(chars[j] as string)) j++;
    const run = chars.slice(i, j);
    out.push(...Array.from(run.length >= 2 ? rule.collapse(run) : c));
    i = j;
  }
  const trim = (a: string[]) => {
    let s = 0;
    let e = a.length;
    while (s < e && SEPARATORS.has(a[s] as string)) s++;
    while (e > s && SEPARATORS.has(a[e - 1] as string)) e--;
    return a.slice(s, e);
  };
  const result = trim(trim(out).slice(0, rule.max)).join('');
  return result === '' || result === value ? null : result;
}

function textCheck(field: DraftField, value: string, rule: TextRule): FieldProblem | null {
  const p = firstTextProblem(value, rule);
  if (!p) return null;
  return { field, tagIndex: null, message: p.message, position: p.position, suggestion: suggestText(value, rule) };
}

/** What is wrong with a profile name, or null. */
export function checkName(name: string): FieldProblem | null {
  return textCheck('name', name, NAME_RULE);
}

/** What is wrong with a description (empty is none, and fine), or null. */
export function checkDescription(description: string): FieldProblem | null {
  if (description === '') return null;
  return textCheck('description', description, DESCRIPTION_RULE);
}

function suggestTagText(value: string, max: number, emptyIsNull: boolean): string | null {
  const kept = Array.from(stripDiacritics(value)).filter((c) => TAG_CHAR.test(c)).slice(0, max).join('');
  if (kept === value || (emptyIsNull && kept === '')) return null;
  return kept;
}

function tagTextProblem(value: string, max: number, label: string): { position: number; message: string } | null {
  const chars = Array.from(value);
  const bad = chars.findIndex((c) => !TAG_CHAR.test(c));
  if (chars.length > max && (bad === -1 || bad >= max)) {
    return { position: max, message: `${label} is ${chars.length} characters long; at most ${max} are allowed.` };
  }
  if (bad >= 0) return { position: bad, message: `${label}: ${showChar(chars[bad] as string)} at character ${bad + 1} is not allowed.` };
  return null;
}

/** What is wrong with one tag key, or null. */
export function checkTagKey(key: string, tagIndex: number | null = null): FieldProblem | null {
  const base = { field: 'tagKey' as const, tagIndex };
  if (key === '') return { ...base, message: 'Tag key is required.', position: null, suggestion: null };
  if (key.toLowerCase().startsWith('aws:')) {
    return { ...base, message: 'Tag key: keys starting with "aws:" are reserved for AWS.', position: 0, suggestion: null };
  }
  const p = tagTextProblem(key, TAG_KEY_MAX, 'Tag key');
  return p ? { ...base, ...p, suggestion: suggestTagText(key, TAG_KEY_MAX, true) } : null;
}

/** What is wrong with one tag value (empty is allowed), or null. */
export function checkTagValue(value: string, tagIndex: number | null = null): FieldProblem | null {
  const p = tagTextProblem(value, TAG_VALUE_MAX, 'Tag value');
  return p ? { field: 'tagValue', tagIndex, ...p, suggestion: suggestTagText(value, TAG_VALUE_MAX, false) } : null;
}

/** Every problem of a tag list: per tag its key's and value's first, duplicates, and the count. */
export function checkTags(tags: readonly Tag[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (tags.length > TAGS_MAX) {
    problems.push({
      field: 'tags',
      tagIndex: null,
      message: `${tags.length} tags; a profile can have at most ${TAGS_MAX}.`,
      position: null,
      suggestion: null,
    });
  }
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const key = checkTagKey(t.key, i);
    if (key) problems.push(key);
    else if (seen.has(t.key)) {
      problems.push({
        field: 'tagKey',
        tagIndex: i,
        message: `Tag key "${t.key}" is already used by an earlier tag (keys must be unique).`,
        position: null,
        suggestion: null,
      });
    }
    seen.add(t.key);
    const value = checkTagValue(t.value, i);
    if (value) problems.push(value);
  });
  return problems;
}

const SOURCE_ARN =
  /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)\/[a-zA-Z0-9\-:.]+$/;
const SOURCE_ID = /^[a-zA-Z0-9\-:.]+$/;

/** What is wrong with the source to copy, or null. */
export function checkSource(source: string): FieldProblem | null {
  const base = { field: 'source' as const, tagIndex: null, position: null, suggestion: null };
  if (source === '') return { ...base, message: 'Choose the model or cross-region profile to copy.' };
  if (/:application-inference-profile\//.test(source)) {
    return { ...base, message: 'An application profile cannot be copied: copy its model or cross-region profile instead.' };
  }
  if (source.startsWith('arn:')) {
    return SOURCE_ARN.test(source) ? null : { ...base, message: 'Not a foundation-model or inference-profile ARN.' };
  }
  return SOURCE_ID.test(source) ? null : { ...base, message: 'Not a model id or profile id (letters, digits, "-", ":" and ".").' };
}

/** Every problem of a draft, in the order of the form's fields. */
export function checkDraft(draft: ProfileDraft): FieldProblem[] {
  return [checkName(draft.name), checkDescription(draft.description), checkSource(draft.source), ...checkTags(draft.tags)].filter(
    (p): p is FieldProblem => p !== null,
  );
}
