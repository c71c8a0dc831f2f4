// The Costs screen's controls: the period (with a custom one whose end day is not counted), the
// grouping (profile, model, a tag key offered or typed) and which figures (estimate, billed, both).
import { useId, useState } from 'react';
import type { CostSource } from '../bindings';
import { checkTagKey } from '../profiles/rules';
import { PERIOD_LABEL, tagKeyOf, type PeriodKind } from './format';

export interface ControlsValue {
  period: PeriodKind;
  from: string;
  to: string;
  by: string;
  source: CostSource;
}

const SOURCE_LABEL: Record<CostSource, string> = { estimate: 'Estimate', billed: 'Billed', both: 'Both' };
const OTHER = '__other';

export function Controls({
  value,
  onChange,
  tagKeys,
  periodProblem,
}: {
  value: ControlsValue;
  onChange: (v: ControlsValue) => void;
  tagKeys: readonly string[];
  periodProblem: string | null;
}) {
  const id = useId();
  const current = tagKeyOf(value.by);
  const keys = current && !tagKeys.includes(current) ? [...tagKeys, current] : tagKeys;
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState('');
  const [typedProblem, setTypedProblem] = useState<string | null>(null);
  const set = (patch: Partial<ControlsValue>) => onChange({ ...value, ...patch });

  const applyTyped = () => {
    const key = typed.trim();
    const p = key === '' ? 'Type a tag key, such as Project.' : (checkTagKey(key)?.message ?? null);
    setTypedProblem(p);
    if (p) return;
    setTyping(false);
    set({ by: `tag:${key}` });
  };

  return (
    <div className="flex flex-wrap items-end gap-4 rounded-md border border-line bg-surface p-3 text-sm" role="group" aria-label="What to show">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-muted">Period</span>
        <select
          className="rounded border border-line bg-canvas px-2 py-1"
          value={value.period}
          onChange={(e) => set({ period: e.target.value as PeriodKind })}
        >
          {(Object.keys(PERIOD_LABEL) as PeriodKind[]).map((k) => (
            <option key={k} value={k}>
              {PERIOD_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      {value.period === 'custom' && (
        <div className="flex flex-col gap-1">
          <div className="flex items-end gap-2">
            <label className="flex flex-col gap-1">
              <span className="text-xs text-muted">From (counted)</span>
              <input
                type="date"
                className="rounded border border-line bg-canvas px-2 py-1"
                value={value.from}
                aria-invalid={periodProblem !== null}
                aria-describedby={`${id}-period`}
                onChange={(e) => set({ from: e.target.value })}
              />
            </label>
            <label className="flex flex-col gap-1">
              <span className="text-xs text-muted">To (not counted)</span>
              <input
                type="date"
                className="rounded border border-line bg-canvas px-2 py-1"
                value={value.to}
                aria-invalid={periodProblem !== null}
                aria-describedby={`${id}-period`}
                onChange={(e) => set({ to: e.target.value })}
              />
            </label>
          </div>
          <p id={`${id}-period`} className={`max-w-xs text-xs ${periodProblem ? 'text-danger' : 'text-muted'}`}>
            {periodProblem ?? 'The end day is not counted, as in Cost Explorer: 2026-12-01 to 2027-01-01 is all of December.'}
          </p>
        </div>
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-by`} className="text-xs text-muted">
          Group by
        </label>
        <div className="flex items-center gap-2">
          <select
            id={`${id}-by`}
            className="rounded border border-line bg-canvas px-2 py-1"
            value={typing ? OTHER : value.by}
            onChange={(e) => {
              if (e.target.value === OTHER) {
                setTyping(true);
                return;
              }
              setTyping(false);
              set({ by: e.target.value });
            }}
          >
            <option value="profile">Profile</option>
            <option value="model">Model</option>
            {keys.length > 0 && (
              <optgroup label="Tag key">
                {keys.map((k) => (
                  <option key={k} value={`tag:${k}`}>
                    Tag: {k}
                  </option>
                ))}
              </optgroup>
            )}
            <option value={OTHER}>Another tag key…</option>
          </select>
          {typing && (
            <form
              className="flex items-center gap-1"
              aria-label="Group by a tag key"
              onSubmit={(e) => {
                e.preventDefault();
                applyTyped();
              }}
            >
              <input
                aria-label="Tag key to group by"
                className="w-36 rounded border border-line bg-canvas px-2 py-1"
                value={typed}
                placeholder="Project"
                aria-invalid={typedProblem !== null}
                aria-describedby={`${id}-typed`}
                onChange={(e) => setTyped(e.target.value)}
              />
              <button type="submit" className="rounded border border-line px-2 py-1 hover:bg-raised">
                Group
              </button>
            </form>
          )}
        </div>
        {typing && typedProblem && (
          <p id={`${id}-typed`} className="text-xs text-danger">
            {typedProblem}
          </p>
        )}
      </div>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-xs text-muted">Figures</legend>
        <div className="flex items-center gap-3">
          {(Object.keys(SOURCE_LABEL) as CostSource[]).map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input type="radio" name={`${id}-source`} value={s} checked={value.source === s} onChange={() => set({ source: s })} />
              {SOURCE_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
