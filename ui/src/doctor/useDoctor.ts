// One run of the doctor at a time: the rows appear from `started`, each fills in from its
// `finished` event, and the report settles them. A newer run (or leaving the screen) makes the
// answers of an older one fall on the floor, so a late answer never paints over a newer state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Check, CheckId, DoctorReport, DoctorRequest, FixAction, IpcError } from '../bindings';
import { activateCostTags, runDoctor, toIpcError } from '../ipc';
import { useCatalog } from '../catalog/store';
import { CHECK_ORDER } from './checks';
import { useAppStore } from '../store';

export interface DoctorRun {
  phase: 'idle' | 'running' | 'done' | 'failed';
  /** The rows, in the order the backend listed them when it started. */
  order: CheckId[];
  /** The checks that finished, by id. */
  results: Partial<Record<CheckId, Check>>;
  /** The request itself was refused (an identifier AWS would not take), or the call failed. */
  error: IpcError | null;
}

/** How a run ended. */
export type RunOutcome = { report: DoctorReport; error?: undefined } | { error: IpcError; report?: undefined };

const IDLE: DoctorRun = { phase: 'idle', order: [], results: {}, error: null };

export function useDoctorRun() {
  const [run, setRun] = useState<DoctorRun>(IDLE);
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current += 1;
    },
    [],
  );

  /** Runs `request`; resolves to its report or its error, or `null` when a newer run replaced it. */
  const start = useCallback(async (request: DoctorRequest): Promise<RunOutcome | null> => {
    const seq = ++current.current;
    const live = () => seq === current.current;
    // The rows appear at once, as the backend will select them (`DoctorRequest::selected`), so
    // nothing moves when `started` confirms them.
    const order = CHECK_ORDER.filter((id) => !request.checks || request.checks.includes(id));
    setRun({ phase: 'running', order, results: {}, error: null });
    try {
      const report = await runDoctor(request, (event) => {
        if (!live()) return;
        if (event.event === 'started') {
          setRun((r) => ({ ...r, order: event.checks }));
        } else {
          setRun((r) => ({ ...r, results: { ...r.results, [event.check.id]: event.check } }));
        }
      });
      if (!live()) return null;
      // The report is the whole truth: it settles a row whose event was missed.
      const results: Partial<Record<CheckId, Check>> = {};
      for (const check of report.checks) results[check.id] = check;
      setRun((r) => ({ phase: 'done', order: r.order.length ? r.order : report.checks.map((c) => c.id), results, error: null }));
      console.info('[doctor] checks finished', {
        checks: report.checks.length,
        failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id),
      });
      return { report };
    } catch (e) {
      if (!live()) return null;
      const error = toIpcError(e);
      setRun({ phase: 'failed', order: [], results: {}, error });
      return { error };
    }
  }, []);

  /** Drops whatever is running and shows nothing. */
  const reset = useCallback(() => {
    current.current += 1;
    setRun(IDLE);
  }, []);

  return { run, start, reset };
}

/** AWS applies at most this many keys per UpdateCostAllocationTagsStatus call. */
const TAG_KEYS_PER_CALL = 20;

/** Applies a check's fix the way the screen that owns the setting would; rejects with an `IpcError`. */
export function useApplyFix() {
  const { saveSettings } = useCatalog();
  const { showSettings } = useAppStore();
  return useCallback(
    async (action: FixAction): Promise<void> => {
      console.info('[doctor] applying a fix', { kind: action.kind });
      switch (action.kind) {
        case 'enableInferenceProfiles':
          await saveSettings({ enableInferenceProfiles: true });
          return;
        case 'switchRegion':
          await saveSettings({ region: action.region });
          return;
        case 'activateCostTags':
          for (let i = 0; i < action.keys.length; i += TAG_KEYS_PER_CALL) {
            await activateCostTags(action.keys.slice(i, i + TAG_KEYS_PER_CALL));
          }
          return;
        case 'openAwsSettings':
          showSettings('aws');
          return;
      }
    },
    [saveSettings, showSettings],
  );
}
