// The model list and the settings, shared by the picker, the settings screen and the status bar.
// Answers come from the backend at once (cached-first); refreshes and setting changes arrive as
// broadcasts, so every screen shows the same state without asking again.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DemoReason, IpcError, ModelEntry, ModelList, Settings, SettingsSnapshot } from '../bindings';
import { getSettings, listModels, onAppEvent, refreshModels, toIpcError, updateSettings } from '../ipc';

/** Why demo mode is on, in the user's words. */
export const DEMO_WHY: Record<DemoReason, string> = {
  flag: 'started with --demo',
  environment: 'STRATA_DEMO is set',
  setting: 'demo mode is on in Settings',
  noCredentials: 'no AWS credentials were found',
};

export interface CatalogStore {
  /** The latest model list; `null` until the first answer. */
  list: ModelList | null;
  /** A refresh asked for from the UI is running. */
  refreshing: boolean;
  /** The call for the list itself failed (not a Bedrock error, which `list.error` carries). */
  listError: IpcError | null;
  settings: SettingsSnapshot | null;
  /** The entry the settings select, if it is in the list. */
  selected: ModelEntry | null;
  refresh: () => Promise<void>;
  /** Saves a change; rejects with the backend's `IpcError` (the caller keeps the user's draft). */
  saveSettings: (patch: Partial<Settings>) => Promise<SettingsSnapshot>;
  select: (entry: ModelEntry) => Promise<void>;
}

const CatalogContext = createContext<CatalogStore | null>(null);

export function CatalogProvider({ children }: { children: ReactNode }) {
  const [list, setList] = useState<ModelList | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [listError, setListError] = useState<IpcError | null>(null);
  const [settings, setSettings] = useState<SettingsSnapshot | null>(null);
  // Saves run one after another, each on top of the last saved settings.
  const latest = useRef<Settings | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const adoptSettings = useCallback((s: SettingsSnapshot) => {
    latest.current = s.settings;
    setSettings(s);
  }, []);

  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | undefined;
    void onAppEvent((event) => {
      if (event.type === 'catalog') setList(event.list);
      if (event.type === 'settings') adoptSettings(event.snapshot);
    }).then((u) => (live ? (unlisten = u) : u()));
    getSettings().then(
      (s) => live && adoptSettings(s),
      (e: unknown) => console.warn('[settings] could not read the settings', toIpcError(e)),
    );
    listModels(false).then(
      (l) => {
        if (!live) return;
        setList(l);
        const c = l.catalog;
        console.info('[inference-profile] model list', {
          entries: c?.entries.length ?? 0,
          applicationProfiles: c?.stats.applicationProfiles ?? 0,
          stale: l.stale,
          error: l.error?.kind ?? null,
        });
      },
      (e: unknown) => live && setListError(toIpcError(e)),
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, [adoptSettings]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    setListError(null);
    try {
      setList(await refreshModels());
    } catch (e) {
      setListError(toIpcError(e));
    } finally {
      setRefreshing(false);
    }
  }, []);

  const saveSettings = useCallback(
    (patch: Partial<Settings>) => {
      const run = queue.current.then(async () => {
        const base = latest.current;
        if (!base) throw toIpcError({ kind: 'Internal', message: 'The settings are not loaded yet.', hint: null });
        const saved = await updateSettings({ ...base, ...patch });
        adoptSettings(saved);
        return saved;
      });
      queue.current = run.catch(() => undefined);
      return run;
    },
    [adoptSettings],
  );

  const selectedId = settings?.settings.selectedModelId ?? null;
  const selected = useMemo(
    () => list?.catalog?.entries.find((e) => e.id === selectedId) ?? null,
    [list, selectedId],
  );

  const select = useCallback(
    async (entry: ModelEntry) => {
      await saveSettings({ selectedModelId: entry.id });
      console.info(`[${entry.kind === 'ApplicationProfile' ? 'inference-profile' : 'picker'}] selected`, {
        id: entry.id,
        kind: entry.kind,
      });
    },
    [saveSettings],
  );

  const value = useMemo(
    () => ({ list, refreshing, listError, settings, selected, refresh, saveSettings, select }),
    [list, refreshing, listError, settings, selected, refresh, saveSettings, select],
  );
  return <CatalogContext.Provider value={value}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): CatalogStore {
  const store = useContext(CatalogContext);
  if (!store) throw new Error('useCatalog must be used inside <CatalogProvider>');
  return store;
}
