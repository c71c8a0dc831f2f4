// The conversation's options: system prompt, max tokens, temperature / top-p, stop sequences,
// reasoning and service tier, each shown only where the model takes it (from `chatFeatures`; with
// the features unknown, the plain options). Saved with the conversation when a message is sent.
import { useId, useState } from 'react';
import { LuSlidersHorizontal, LuX } from 'react-icons/lu';
import type { ChatFeatures, ChatParameters, ModelFeatures, ReasoningLevel, ServiceTier } from '../bindings';
import { LEVELS, reasoningBudget, tierPrice } from './features';
import { tokens } from './format';

export interface Options {
  system: string;
  maxTokens: string;
  parameters: ChatParameters;
}

/** Why these options cannot be sent to this model (`null`: they can). */
export function optionsProblem(o: Options, features: ModelFeatures | null): string | null {
  const max = o.maxTokens.trim() === '' ? null : Number(o.maxTokens);
  if (max !== null && !(Number.isInteger(max) && max > 0)) return 'Max tokens must be a whole number above 0.';
  if (max !== null && features?.maxOutputTokens && max > features.maxOutputTokens) {
    return `Max tokens can be at most ${tokens(features.maxOutputTokens)} for this model.`;
  }
  const p = o.parameters;
  if (p.temperature !== null && !(p.temperature >= 0 && p.temperature <= 1)) return 'Temperature must be between 0 and 1.';
  if (p.topP !== null && !(p.topP >= 0 && p.topP <= 1)) return 'Top-p must be between 0 and 1.';
  const budget = reasoningBudget(p.reasoning, features);
  if (budget !== null) {
    if (p.topP !== null && p.topP < 0.95) return 'With reasoning on, top-p must be between 0.95 and 1.';
    if (max !== null && max <= budget) {
      return `Max tokens (${tokens(max)}) must be above the reasoning budget (${tokens(budget)} tokens, ${p.reasoning}): raise it or lower the reasoning.`;
    }
  }
  return null;
}

/** The parameters as they are sent to this model: what it does not take is left out. */
export function effectiveParameters(p: ChatParameters, features: ModelFeatures | null): ChatParameters {
  if (!features) return { ...p, reasoning: 'off', serviceTier: null };
  const reasoning = features.reasoning ? p.reasoning : 'off';
  return {
    temperature: features.temperature && reasoning === 'off' ? p.temperature : null,
    topP: features.topP ? p.topP : null,
    stopSequences: p.stopSequences.slice(0, features.maxStopSequences),
    reasoning,
    serviceTier: p.serviceTier && features.serviceTiers.includes(p.serviceTier) ? p.serviceTier : null,
  };
}

function summary(p: ChatParameters, features: ModelFeatures | null): string {
  const e = effectiveParameters(p, features);
  const parts: string[] = [];
  if (e.reasoning !== 'off') parts.push(`reasoning ${e.reasoning}`);
  if (e.serviceTier) parts.push(e.serviceTier);
  return parts.length > 0 ? `Options (${parts.join(', ')})` : 'Options';
}

const input = 'rounded border border-line bg-canvas p-1.5 text-sm text-ink aria-invalid:border-danger disabled:opacity-50';

function Unit(props: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  min: number;
  disabled: string | null;
}) {
  const id = useId();
  // The text as typed ("0." on the way to "0.3"), following the value when it changes elsewhere.
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  const [seen, setSeen] = useState(props.value);
  if (seen !== props.value) {
    setSeen(props.value);
    if ((text.trim() === '' ? null : Number(text)) !== props.value) setText(props.value === null ? '' : String(props.value));
  }
  return (
    <div className="grid gap-1 text-xs">
      <label htmlFor={id}>{props.label}</label>
      <div className="flex items-center gap-2">
        <input
          type="range"
          aria-hidden
          tabIndex={-1}
          min={props.min}
          max={1}
          step={0.05}
          value={props.value ?? (props.min + 1) / 2}
          disabled={props.disabled !== null}
          onChange={(e) => props.onChange(Number(e.target.value))}
          className="flex-1"
        />
        <input
          id={id}
          inputMode="decimal"
          value={text}
          placeholder="default"
          disabled={props.disabled !== null}
          onChange={(e) => {
            setText(e.target.value);
            props.onChange(e.target.value.trim() === '' ? null : Number(e.target.value));
          }}
          className={`${input} w-20`}
        />
      </div>
      {props.disabled && <p className="text-muted">{props.disabled}</p>}
    </div>
  );
}

function StopSequences(props: { value: string[]; max: number; onChange: (v: string[]) => void }) {
  const [text, setText] = useState('');
  const id = useId();
  const full = props.value.length >= props.max;
  const add = () => {
    if (text === '' || props.value.includes(text) || full) return;
    props.onChange([...props.value, text]);
    setText('');
  };
  return (
    <div className="grid gap-1 text-xs">
      <label htmlFor={id}>Stop sequences{Number.isFinite(props.max) ? ` (up to ${props.max})` : ''}</label>
      <div className="flex flex-wrap items-center gap-1">
        {props.value.map((s) => (
          <span key={s} className="flex items-center gap-1 rounded bg-raised px-1.5 py-0.5 font-mono text-ink">
            {JSON.stringify(s)}
            <button type="button" aria-label={`Remove stop sequence ${s}`} onClick={() => props.onChange(props.value.filter((x) => x !== s))}>
              <LuX aria-hidden />
            </button>
          </span>
        ))}
        <input
          id={id}
          value={text}
          disabled={full}
          placeholder={full ? 'limit reached' : 'type, then Enter'}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          className={`${input} min-w-24 flex-1`}
        />
      </div>
    </div>
  );
}

export function OptionsPanel(props: { options: Options; onChange: (o: Options) => void; features: ChatFeatures | null }) {
  const [open, setOpen] = useState(false);
  const { options: o, onChange } = props;
  const f = props.features?.features ?? null;
  const p = o.parameters;
  const set = (change: Partial<ChatParameters>) => onChange({ ...o, parameters: { ...p, ...change } });
  const systemId = useId();
  const maxId = useId();
  const reasoningOn = f?.reasoning ? p.reasoning !== 'off' : false;
  const problem = optionsProblem(o, f);
  const takesTemperature = f ? f.temperature : true;
  const takesTopP = f ? f.topP : true;
  const either = f?.temperatureOrTopP ?? false;
  const tempReason = reasoningOn
    ? 'Off while reasoning is on (the model then takes no temperature).'
    : either && p.topP !== null
      ? 'This model takes one of the two: clear top-p to set the temperature.'
      : null;
  const topPReason = either && p.temperature !== null && !reasoningOn ? 'This model takes one of the two: clear the temperature to set top-p.' : null;
  const maxPlaceholder = f?.defaultMaxTokens ? `${tokens(f.defaultMaxTokens)} (the model's default)` : "the model's default";

  return (
    <div className="shrink-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${systemId}-panel`}
        data-testid="options-button"
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-raised hover:text-ink aria-expanded:bg-raised"
      >
        <LuSlidersHorizontal aria-hidden /> {summary(p, f)}
      </button>
      {open && (
        <div
          id={`${systemId}-panel`}
          role="group"
          aria-label="Chat options"
          className="absolute right-4 bottom-full z-20 mb-2 grid max-h-[70vh] w-[26rem] gap-3 overflow-y-auto rounded-md border border-line bg-surface p-3 text-muted shadow-lg"
        >
          {(f?.systemPrompt ?? true) ? (
            <div className="grid gap-1 text-xs">
              <label htmlFor={systemId}>System prompt</label>
              <textarea id={systemId} value={o.system} onChange={(e) => onChange({ ...o, system: e.target.value })} rows={3} className={input} />
            </div>
          ) : (
            <p className="text-xs">This model takes no system prompt.</p>
          )}
          <div className="grid gap-1 text-xs">
            <label htmlFor={maxId}>Max tokens{f?.maxOutputTokens ? ` (up to ${tokens(f.maxOutputTokens)})` : ''}</label>
            <input
              id={maxId}
              value={o.maxTokens}
              inputMode="numeric"
              onChange={(e) => onChange({ ...o, maxTokens: e.target.value })}
              placeholder={maxPlaceholder}
              aria-invalid={problem?.startsWith('Max tokens') ? true : undefined}
              className={input}
            />
          </div>
          {f?.reasoning && (
            <fieldset className="grid gap-1 text-xs">
              <legend>Reasoning</legend>
              <div className="flex flex-wrap gap-1" role="radiogroup" aria-label="Reasoning">
                {LEVELS.map((level: ReasoningLevel) => {
                  const budget = reasoningBudget(level, f);
                  return (
                    <button
                      key={level}
                      type="button"
                      role="radio"
                      aria-checked={p.reasoning === level}
                      onClick={() => set({ reasoning: level })}
                      className="rounded border border-line px-2 py-0.5 text-ink aria-checked:border-accent aria-checked:bg-accent aria-checked:text-accent-ink"
                    >
                      {level === 'off' ? 'Off' : `${level[0]?.toUpperCase()}${level.slice(1)} · ${tokens(budget ?? 0)} tokens`}
                    </button>
                  );
                })}
              </div>
            </fieldset>
          )}
          {takesTemperature && (
            <Unit label="Temperature" value={reasoningOn ? null : p.temperature} min={0} disabled={tempReason} onChange={(v) => set({ temperature: v })} />
          )}
          {takesTopP && (
            <Unit label={reasoningOn ? 'Top-p (0.95–1 with reasoning)' : 'Top-p'} value={p.topP} min={reasoningOn ? 0.95 : 0} disabled={topPReason} onChange={(v) => set({ topP: v })} />
          )}
          {(f ? f.maxStopSequences > 0 : true) && (
            <StopSequences value={p.stopSequences} max={f?.maxStopSequences ?? Infinity} onChange={(v) => set({ stopSequences: v })} />
          )}
          {f && f.serviceTiers.length > 0 && (
            <fieldset className="grid gap-1 text-xs">
              <legend>Service tier</legend>
              {(['default', ...f.serviceTiers] as ServiceTier[]).map((tier) => (
                <label key={tier} className="flex items-baseline gap-2">
                  <input
                    type="radio"
                    name={`${systemId}-tier`}
                    checked={(p.serviceTier ?? 'default') === tier}
                    onChange={() => set({ serviceTier: tier === 'default' ? null : tier })}
                  />
                  <span className="font-medium text-ink">{tier[0]?.toUpperCase() + tier.slice(1)}</span>
                  <span data-testid={`tier-price-${tier}`}>{tierPrice(tier, props.features?.price ?? null)}</span>
                </label>
              ))}
            </fieldset>
          )}
        </div>
      )}
    </div>
  );
}
