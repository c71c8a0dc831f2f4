// App-wide UI state: the facts from `app_info` and which screen or dialog is open.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, DoctorRequest, IpcError } from './bindings';
import { appInfo, onAppEvent } from './ipc';

/** The screens: the navigation's, in its order, then the Doctor (opened from Settings and errors). */
export type Screen = 'chat' | 'profiles' | 'costs' | 'settings' | 'doctor';

/** Each screen's name, for the main region's label and the Doctor's way back. */
export const SCREEN_LABEL: Record<Screen, string> = {
  chat: 'Chat',
  profiles: 'Profiles',
  costs: 'Costs',
  settings: 'Settings',
  doctor: 'Doctor',
};

/** How the Doctor was opened: what to examine, where the user came from, whether to run at once. */
export interface DoctorVisit {
  request: DoctorRequest;
  /** The screen "Back" returns to. */
  from: Screen;
  /** Run the checks as soon as the view opens (a "Why?" link), or wait for Run (Settings). */
  autoRun: boolean;
  /** A new number for each opening, so opening again with the same request runs again. */
  seq: number;
}

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
  /** The Doctor's last opening; `null` until it is first opened. */
  doctor: DoctorVisit | null;
  openDoctor: (request: DoctorRequest, opts?: { autoRun?: boolean }) => void;
  /** A section of Settings to bring into view when it opens (the Doctor's "Open AWS Settings"). */
  settingsSection: 'aws' | null;
  showSettings: (section: 'aws' | null) => void;
}

const StoreContext = createContext<AppStore | null>(null);

export function AppStoreProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<IpcError | null>(null);
  const [screen, setScreen] = useState<Screen>('chat');
  const [aboutOpen, setAboutOpen] = useState(false);
  const [deletedProfiles, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const [doctor, setDoctor] = useState<DoctorVisit | null>(null);
  const [settingsSection, setSettingsSection] = useState<'aws' | null>(null);

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

  const showScreen = useCallback((s: Screen) => {
    setSettingsSection(null);
    setScreen(s);
  }, []);
  const showSettings = useCallback((section: 'aws' | null) => {
    setSettingsSection(section);
    setScreen('settings');
  }, []);
  const markDeleted = useCallback((arn: string) => setDeleted((d) => new Set(d).add(arn)), []);
  const openDoctor = useCallback(
    (request: DoctorRequest, opts: { autoRun?: boolean } = {}) => {
      // Back returns to where the user met the problem, not to an earlier Doctor run.
      setDoctor((old) => ({
        request,
        from: screen === 'doctor' ? (old?.from ?? 'chat') : screen,
        autoRun: opts.autoRun ?? true,
        seq: (old?.seq ?? 0) + 1,
      }));
      setSettingsSection(null);
      setScreen('doctor');
    },
    [screen],
  );
  const value = useMemo(
    () => ({
      info,
      infoError,
      screen,
      aboutOpen,
      showScreen,
      setAboutOpen,
      deletedProfiles,
      markDeleted,
      doctor,
      openDoctor,
      settingsSection,
      showSettings,
    }),
    [info, infoError, screen, aboutOpen, showScreen, deletedProfiles, markDeleted, doctor, openDoctor, settingsSection, showSettings],
  );
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

/** The store, or `null` outside its provider (parts that also render alone, like an error notice). */
export function useOptionalAppStore(): AppStore | null {
  return useContext(StoreContext);
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <AppStoreProvider>');
  return store;
}
