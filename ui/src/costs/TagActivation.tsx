// Cost allocation tags: each tag key of the region's profiles with its status in billing, and
// Activate for the inactive ones (AWS takes up to 24 hours to apply it). The flag shows where an
// inactive key matters: when the screen is grouped by it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LuTag } from 'react-icons/lu';
import type { ActivationStatus, IpcError, TagActivation } from '../bindings';
import { activateCostTags, costTags, toIpcError } from '../ipc';
import { ErrorNotice } from '../shell/ErrorNotice';

/** AWS applies at most this many keys per UpdateCostAllocationTagsStatus call. */
const KEYS_PER_CALL = 20;
export const ACTIVATION_DELAY = 'AWS takes up to 24 hours to apply an activation.';

export const STATUS_TEXT: Record<ActivationStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  notSeen: 'Not yet seen by billing',
};

export interface CostTagsState {
  tags: TagActivation[] | null;
  error: IpcError | null;
  loading: boolean;
  activating: ReadonlySet<string>;
  activateError: IpcError | null;
  activate: (keys: string[]) => Promise<void>;
  activated: ReadonlySet<string>;
  /** Loads the statuses unless they were asked for already this session. */
  ensureLoaded: () => void;
  /** Asks Cost Explorer again (one more request). */
  reload: () => void;
}

const CostTagsContext = createContext<CostTagsState | null>(null);

/**
 * Keeps the tag keys' statuses for the session: each ListCostAllocationTags is a billed Cost
 * Explorer request, so leaving and reopening the screen does not ask again.
 */
export function CostTagsProvider({ children }: { children: ReactNode }) {
  const [tags, setTags] = useState<TagActivation[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [loading, setLoading] = useState(false);
  const [activating, setActivating] = useState<ReadonlySet<string>>(new Set());
  const [activated, setActivated] = useState<ReadonlySet<string>>(new Set());
  const [activateError, setActivateError] = useState<IpcError | null>(null);
  const asked = useRef(false);

  const reload = useCallback(() => {
    asked.current = true;
    setLoading(true);
    setError(null);
    costTags().then(
      (t) => {
        setTags(t);
        setLoading(false);
      },
      (e: unknown) => {
        setError(toIpcError(e));
        setLoading(false);
      },
    );
  }, []);
  const ensureLoaded = useCallback(() => {
    if (!asked.current) reload();
  }, [reload]);

  const activate = useCallback(async (keys: string[]) => {
    setActivating(new Set(keys));
    setActivateError(null);
    try {
      for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
        const answer = await activateCostTags(keys.slice(i, i + KEYS_PER_CALL));
        setTags((old) => {
          const byKey = new Map(answer.map((t) => [t.key, t]));
          const kept = (old ?? []).map((t) => byKey.get(t.key) ?? t);
          return [...kept, ...answer.filter((t) => !kept.some((k) => k.key === t.key))];
        });
      }
      setActivated((a) => new Set([...a, ...keys]));
      console.info('[costs] tags activated', { keys });
    } catch (e) {
      setActivateError(toIpcError(e));
    } finally {
      setActivating(new Set());
    }
  }, []);

  const value = useMemo(
    () => ({ tags, error, loading, activating, activateError, activate, activated, ensureLoaded, reload }),
    [tags, error, loading, activating, activateError, activate, activated, ensureLoaded, reload],
  );
  return <CostTagsContext.Provider value={value}>{children}</CostTagsContext.Provider>;
}

/** The tag keys' statuses (loaded the first time a screen asks) and the action that activates keys. */
export function useCostTags(): CostTagsState {
  const state = useContext(CostTagsContext);
  if (!state) throw new Error('useCostTags must be used inside <CostTagsProvider>');
  const { ensureLoaded } = state;
  useEffect(() => ensureLoaded(), [ensureLoaded]);
  return state;
}

function ActivateButton({ keyName, state }: { keyName: string; state: CostTagsState }) {
  return (
    <button
      type="button"
      aria-label={`Activate ${keyName}`}
      disabled={state.activating.size > 0}
      onClick={() => void state.activate([keyName])}
      className="rounded border border-line px-2 py-0.5 text-xs hover:bg-raised disabled:opacity-50"
    >
      {state.activating.has(keyName) ? 'Activating…' : 'Activate'}
    </button>
  );
}

/** Shown when grouped by a tag key that billing cannot split by yet. */
export function InactiveTagFlag({ tagKey, state }: { tagKey: string; state: CostTagsState }) {
  const tag = state.tags?.find((t) => t.key === tagKey);
  if (!tag || tag.status === 'active') return null;
  return (
    <div role="note" className="flex flex-wrap items-center gap-2 rounded-md border border-demo/40 bg-demo-soft p-3 text-sm" data-testid="inactive-flag">
      <LuTag aria-hidden className="text-demo" />
      {tag.status === 'inactive' ? (
        <>
          <span>
            Spend under {tagKey} will not appear in Cost Explorer until this tag is activated. {ACTIVATION_DELAY}
          </span>
          <ActivateButton keyName={tagKey} state={state} />
        </>
      ) : (
        <span>
          Billing has not seen {tagKey} yet: spend under it appears in Cost Explorer only after the tag is seen in billing (within about a day of
          the first spend) and activated.
        </span>
      )}
    </div>
  );
}

export function TagActivationPanel({ state }: { state: CostTagsState }) {
  const inactive = (state.tags ?? []).filter((t) => t.status === 'inactive').map((t) => t.key);
  return (
    <section aria-labelledby="tags-heading" className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="tags-heading" className="font-semibold">
          Cost allocation tags
        </h2>
        {inactive.length > 1 && (
          <button
            type="button"
            disabled={state.activating.size > 0}
            onClick={() => void state.activate(inactive)}
            className="ml-auto rounded border border-line px-2 py-0.5 text-xs hover:bg-raised disabled:opacity-50"
          >
            Activate all {inactive.length} inactive
          </button>
        )}
      </div>
      <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
        Cost Explorer splits spend only by activated tag keys. {ACTIVATION_DELAY} Reading the statuses is one Cost Explorer request ($0.01),
        made once per session.
        <button
          type="button"
          disabled={state.loading}
          onClick={state.reload}
          className="rounded border border-line px-2 py-0.5 text-ink hover:bg-raised disabled:opacity-50"
        >
          Check again
        </button>
      </p>
      {state.error ? (
        <ErrorNotice error={state.error} />
      ) : state.tags === null || state.loading ? (
        <p role="status" className="text-muted">
          Loading tag status…
        </p>
      ) : state.tags.length === 0 ? (
        <p className="text-muted">The region's profiles carry no tags.</p>
      ) : (
        <table className="w-full text-left" aria-label="Cost allocation tags">
          <thead>
            <tr className="border-b border-line text-xs text-muted">
              <th scope="col" className="py-1 pr-3">
                Tag key
              </th>
              <th scope="col" className="py-1 pr-3">
                Status
              </th>
              <th scope="col" className="py-1 pr-3">
                Profiles
              </th>
              <th scope="col" className="py-1 pr-3">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.tags.map((t) => (
              <tr key={t.key} className="border-b border-line/60" data-tag={t.key}>
                <th scope="row" className="py-1 pr-3 font-medium">
                  {t.key}
                </th>
                <td className="py-1 pr-3" data-column="status">
                  {STATUS_TEXT[t.status]}
                  {t.status === 'active' && state.activated.has(t.key) && <span className="block text-xs text-muted">{ACTIVATION_DELAY}</span>}
                </td>
                <td className="py-1 pr-3 tabular-nums">{t.profiles}</td>
                <td className="py-1 pr-3">{t.status === 'inactive' && <ActivateButton keyName={t.key} state={state} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.activateError && <ErrorNotice error={state.activateError} />}
    </section>
  );
}
