// Test helper: a doctor backend. Each run_doctor call is handed to the test, which plays the
// checks' events on the run's channel in the order it wants and then settles the call; or, with
// `answer`, every run is answered at once (started, each check finished, the report).
import type { Channel } from '@tauri-apps/api/core';
import type { Check, CheckId, CheckStatus, DoctorEvent, DoctorRequest, IpcError, ModelList, Settings } from '../bindings';
import { catalogBackend } from './catalog';
import type { Handler } from './ipc';

/**
 * These tests render the whole app and walk several screens; on a loaded 2-core machine the
 * first one in a file takes seconds in jsdom. A generous limit for the harness, not a speed check.
 */
export const HARNESS_TIMEOUT = 30_000;

export function check(id: CheckId, status: CheckStatus, finding: string, extra: Partial<Check> = {}): Check {
  return { id, status, finding, fix: null, action: null, policy: null, details: [], ...extra };
}

export interface DoctorRun {
  request: DoctorRequest;
  emit: (event: DoctorEvent) => void;
  /** Resolves the call with these checks as the report (in CheckId order, as the backend sorts). */
  finish: (checks: Check[]) => void;
  fail: (error: IpcError) => void;
}

const ORDER: CheckId[] = ['setting', 'credentials', 'identity', 'region', 'profile', 'permissions', 'model-source', 'tags', 'network'];

export function sorted(checks: Check[]): Check[] {
  return [...checks].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

export function doctorBackend(
  opts: {
    list?: ModelList;
    settings?: Partial<Settings>;
    handlers?: Record<string, Handler>;
    /** Answers every run at once with these checks (by the request); without it the test settles each run. */
    answer?: (request: DoctorRequest, n: number) => Check[] | IpcError;
  } = {},
) {
  const runs: DoctorRun[] = [];
  const calls = catalogBackend({
    list: opts.list,
    settings: opts.settings,
    handlers: {
      activate_cost_tags: (args) => (args?.keys as string[]).map((key) => ({ key, status: 'active', profiles: 1, lastUpdated: null })),
      ...opts.handlers,
      run_doctor: (args) => {
        const request = args?.request as DoctorRequest;
        const channel = args?.onEvent as Channel<DoctorEvent>;
        const emit = (e: DoctorEvent) => channel.onmessage(e);
        if (opts.answer) {
          const answer = opts.answer(request, runs.length);
          runs.push({ request, emit, finish: () => undefined, fail: () => undefined });
          if ('kind' in answer) return Promise.reject(answer);
          emit({ event: 'started', checks: sorted(answer).map((c) => c.id) });
          for (const c of answer) emit({ event: 'finished', check: c });
          return { checks: sorted(answer) };
        }
        return new Promise((resolve, reject) => {
          runs.push({ request, emit, finish: (checks) => resolve({ checks: sorted(checks) }), fail: reject });
        });
      },
    },
  });
  const doctorCalls = () => calls.filter((c) => c.cmd === 'run_doctor');
  const saved = () => calls.filter((c) => c.cmd === 'update_settings').map((c) => (c.args as { settings: Settings }).settings);
  return { calls, runs, doctorCalls, saved };
}
