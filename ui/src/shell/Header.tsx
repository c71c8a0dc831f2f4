import { LuInfo, LuLayers } from 'react-icons/lu';
import { ModelPicker } from '../picker/ModelPicker';
import { useAppStore } from '../store';
import { Navigation } from './Navigation';

export function Header() {
  const { showScreen, setAboutOpen } = useAppStore();
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-line bg-surface px-3">
      <button
        type="button"
        className="flex items-center gap-2 rounded px-1 font-semibold tracking-tight"
        onClick={() => showScreen('chat')}
        aria-label="Strata home"
      >
        <LuLayers aria-hidden className="h-5 w-5 text-accent" />
        Strata
      </button>
      <div className="flex min-w-0 flex-1 justify-center" data-slot="model-picker">
        <ModelPicker />
      </div>
      <nav className="flex items-center gap-1" aria-label="App">
        <Navigation />
        <IconButton label="About Strata" onClick={() => setAboutOpen(true)}>
          <LuInfo aria-hidden className="h-5 w-5" />
        </IconButton>
      </nav>
    </header>
  );
}

function IconButton(props: { label: string; pressed?: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.pressed}
      onClick={props.onClick}
      className="rounded-md p-1.5 text-muted hover:bg-raised hover:text-ink aria-pressed:bg-raised aria-pressed:text-ink"
    >
      {props.children}
    </button>
  );
}
