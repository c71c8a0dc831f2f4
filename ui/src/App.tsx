import { useEffect } from 'react';
import { openDevtools } from './ipc';
import { CostsScreen } from './costs/CostsScreen';
import { CostTagsProvider } from './costs/TagActivation';
import { ProfilesScreen } from './profiles/ProfilesScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { AboutDialog } from './shell/AboutDialog';
import { Header } from './shell/Header';
import { StatusBar } from './shell/StatusBar';
import { StorageNotice } from './shell/StorageNotice';
import { ChatScreen } from './chat/ChatScreen';
import { ChatProvider } from './chat/store';
import { CatalogProvider } from './catalog/store';
import { DoctorScreen } from './doctor/DoctorScreen';
import { AppStoreProvider, SCREEN_LABEL, useAppStore } from './store';

export function App() {
  return (
    <AppStoreProvider>
      <CatalogProvider>
        <ChatProvider>
          <CostTagsProvider>
            <Shell />
          </CostTagsProvider>
        </ChatProvider>
      </CatalogProvider>
    </AppStoreProvider>
  );
}

function Shell() {
  const { screen, aboutOpen, setAboutOpen } = useAppStore();
  useDevtoolsKey();
  return (
    <div className="flex h-full flex-col bg-canvas text-ink">
      <Header />
      <StorageNotice />
      <main className={`min-h-0 flex-1 ${screen === 'chat' ? 'overflow-hidden' : 'overflow-auto'}`} aria-label={SCREEN_LABEL[screen]}>
        {screen === 'settings' ? (
          <SettingsScreen />
        ) : screen === 'doctor' ? (
          <DoctorScreen />
        ) : screen === 'profiles' ? (
          <ProfilesScreen />
        ) : screen === 'costs' ? (
          <CostsScreen />
        ) : (
          <ChatScreen />
        )}
      </main>
      <StatusBar />
      {aboutOpen && <AboutDialog onClose={() => setAboutOpen(false)} />}
    </div>
  );
}

/** F12 opens the inspector even where the menu accelerator does not reach the webview. */
function useDevtoolsKey() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F12') return;
      e.preventDefault();
      openDevtools().catch((err: unknown) => console.warn('[app] developer tools did not open', err));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
