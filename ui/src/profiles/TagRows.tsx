// Tags as key/value rows, each checked as AWS checks it while typing, with key suggestions and a
// paste box taking the AWS CLI's `--tags` JSON. Shared by the create form and the tags dialog.
import { useId, useState } from 'react';
import { LuPlus, LuX } from 'react-icons/lu';
import type { FieldProblem, Tag } from '../bindings';
import { parseTagsJson } from './cli';
import { ProblemText } from './fields';
import { RULE_TEXT } from './rules';

/** The keys cost reports group by, suggested after those already used in the region. */
export const COMMON_TAG_KEYS = ['Project', 'Department', 'CostCenter', 'Environment'];

export function TagRows({
  tags,
  onChange,
  problems,
  showEmpty,
  usedKeys,
  disabled = false,
}: {
  tags: Tag[];
  onChange: (tags: Tag[]) => void;
  problems: FieldProblem[];
  /** Also say so for empty keys (after a submit attempt). */
  showEmpty: boolean;
  usedKeys: readonly string[];
  disabled?: boolean;
}) {
  const base = useId();
  const listId = `${base}-keys`;
  const [paste, setPaste] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const suggestions = [...new Set([...usedKeys, ...COMMON_TAG_KEYS])];
  const set = (i: number, change: Partial<Tag>) => onChange(tags.map((t, j) => (j === i ? { ...t, ...change } : t)));
  const listProblem = problems.find((p) => p.field === 'tags');

  const applyPaste = () => {
    const parsed = parseTagsJson(paste);
    if ('error' in parsed) {
      setPasteError(parsed.error);
      return;
    }
    setPasteError(null);
    const kept = tags.filter((t) => t.key !== '' || t.value !== '');
    onChange([...kept, ...parsed.tags]);
    setPaste('');
  };

  return (
    <fieldset className="flex flex-col gap-2" disabled={disabled}>
      <legend className="text-sm font-medium">Tags</legend>
      <p className="text-xs text-muted">
        {RULE_TEXT.tagKey} {RULE_TEXT.tagValue} {RULE_TEXT.tags}
      </p>
      <datalist id={listId}>
        {suggestions.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {tags.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Tag rows">
          {tags.map((t, i) => {
            const keyProblem = problems.find((p) => p.field === 'tagKey' && p.tagIndex === i);
            const valueProblem = problems.find((p) => p.field === 'tagValue' && p.tagIndex === i);
            const showKey = keyProblem && (showEmpty || t.key !== '' || t.value !== '');
            const keyErr = `${base}-k${i}`;
            const valueErr = `${base}-v${i}`;
            return (
              <li key={i} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
                <div>
                  <input
                    aria-label={`Tag ${i + 1} key`}
                    list={listId}
                    value={t.key}
                    onChange={(e) => set(i, { key: e.target.value })}
                    aria-invalid={showKey ? true : undefined}
                    aria-describedby={showKey ? keyErr : undefined}
                    placeholder="Key"
                    className="w-full rounded border border-line bg-canvas px-2 py-1 text-sm aria-invalid:border-danger"
                  />
                  {showKey && <ProblemText id={keyErr} problem={keyProblem} value={t.key} onUse={(s) => set(i, { key: s })} />}
                </div>
                <div>
                  <input
                    aria-label={`Tag ${i + 1} value`}
                    value={t.value}
                    onChange={(e) => set(i, { value: e.target.value })}
                    aria-invalid={valueProblem ? true : undefined}
                    aria-describedby={valueProblem ? valueErr : undefined}
                    placeholder="Value"
                    className="w-full rounded border border-line bg-canvas px-2 py-1 text-sm aria-invalid:border-danger"
                  />
                  <ProblemText id={valueErr} problem={valueProblem} value={t.value} onUse={(s) => set(i, { value: s })} />
                </div>
                <button
                  type="button"
                  aria-label={`Remove tag ${i + 1}${t.key ? ` (${t.key})` : ''}`}
                  onClick={() => onChange(tags.filter((_, j) => j !== i))}
                  className="rounded p-1.5 text-muted hover:bg-raised hover:text-danger"
                >
                  <LuX aria-hidden />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {listProblem && (
        <p className="text-xs text-danger" data-field-problem="tags">
          {listProblem.message}
        </p>
      )}
      <div>
        <button
          type="button"
          onClick={() => onChange([...tags, { key: '', value: '' }])}
          className="flex items-center gap-1 rounded-md border border-line px-2 py-1 text-sm hover:bg-raised"
        >
          <LuPlus aria-hidden /> Add tag
        </button>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted">Paste tags as the AWS CLI&apos;s JSON</summary>
        <div className="mt-2 flex flex-col gap-2">
          <textarea
            aria-label="Tags as JSON"
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
            rows={3}
            placeholder='[{"key": "Project", "value": "Alpha"}, {"key": "Environment", "value": "dev"}]'
            aria-invalid={pasteError ? true : undefined}
            className="rounded border border-line bg-canvas p-2 font-mono text-xs aria-invalid:border-danger"
          />
          {pasteError && (
            <p role="alert" className="text-xs text-danger">
              {pasteError}
            </p>
          )}
          <div>
            <button type="button" onClick={applyPaste} disabled={paste.trim() === ''} className="rounded-md border border-line px-2 py-1 text-sm hover:bg-raised disabled:opacity-50">
              Add these tags
            </button>
          </div>
        </div>
      </details>
    </fieldset>
  );
}
