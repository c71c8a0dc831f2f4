// The app's navigation: Chat, Profiles, Costs, Settings. Each is a button marking the current
// screen; Alt+1 to Alt+4 reach them from anywhere.
import { useEffect } from 'react';
import type { IconType } from 'react-icons';
import { LuBrainCircuit, LuChartColumn, LuMessageSquare, LuSettings } from 'react-icons/lu';
import { useAppStore, type Screen } from '../store';

export const NAV_ITEMS: readonly { screen: Screen; label: string; icon: IconType }[] = [
  { screen: 'chat', label: 'Chat', icon: LuMessageSquare },
  { screen: 'profiles', label: 'Profiles', icon: LuBrainCircuit },
  { screen: 'costs', label: 'Costs', icon: LuChartColumn },
  { screen: 'settings', label: 'Settings', icon: LuSettings },
];

/** Alt+digit opens the screen at that place in the navigation. */
function useNavigationKeys(showScreen: (s: Screen) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // `code`, not `key`: Alt changes the character some layouts produce for a digit.
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      const item = digit ? NAV_ITEMS[Number(digit) - 1] : undefined;
      if (!item) return;
      e.preventDefault();
      showScreen(item.screen);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showScreen]);
}

export function Navigation() {
  const { screen, showScreen } = useAppStore();
  useNavigationKeys(showScreen);
  return (
    <ul className="flex items-center gap-1">
      {NAV_ITEMS.map(({ screen: s, label, icon: Icon }, i) => (
        <li key={s}>
          <button
            type="button"
            aria-label={label}
            aria-pressed={screen === s}
            aria-current={screen === s ? 'page' : undefined}
            aria-keyshortcuts={`Alt+${i + 1}`}
            title={`${label} (Alt+${i + 1})`}
            onClick={() => showScreen(s)}
            className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm text-muted hover:bg-raised hover:text-ink aria-pressed:bg-raised aria-pressed:text-ink"
          >
            <Icon aria-hidden className="h-4 w-4" />
            <span className="hidden md:inline">{label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
