// App-wide UI state: the facts from `app_info` and which screen or dialog is open.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, IpcError } from './bindings';
import { appInfo, onAppEvent } from './ipc';

/** The screens of the navigation, in its order. */
export type Screen = 'chat' | 'profiles' | 'costs' | 'settings';

interface AppStore {
  info: AppInfo | null;
  infoError: IpcError | null;
  screen: Screen;
  aboutOpen: boolean;
  showScreen: (screen: Screen) => void;
  setAboutOpen: (open: boolean) => void;
  /** ARNs of the profiles deleted from this window, so their conversations can say so. */
  deletedProfiles: ReadonlySet<string>;
  markDeleted: (arn: string) => void;
}

const StoreContext = createContext<AppStore | null>(null);

export function AppStoreProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<IpcError | null>(null);
  const [screen, setScreen] = useState<Screen>('chat');
  const [aboutOpen, setAboutOpen] = useState(false);
  const [deletedProfiles, setDeleted] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    appInfo().then(
      (i) => live && setInfo(i),
      (e: IpcError) => live && setInfoError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  // Menu items arrive from the backend as broadcasts.
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let live = true;
    void onAppEvent((event) => {
      if (event.type !== 'menu') return;
      if (event.action === 'about') setAboutOpen(true);
      if (event.action === 'settings') setScreen('settings');
    }).then((u) => (live ? (unlisten = u) : u()));
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  const showScreen = useCallback((s: Screen) => setScreen(s), []);
  const markDeleted = useCallback((arn: string) => setDeleted((d) => new Set(d).add(arn)), []);
  const value = useMemo(
    () => ({ info, infoError, screen, aboutOpen, showScreen, setAboutOpen, deletedProfiles, markDeleted }),
    [info, infoError, screen, aboutOpen, showScreen, deletedProfiles, markDeleted],
  );
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <AppStoreProvider>');
  return store;
}
