// The picker in the header: a button showing the selection that opens the search panel, also
// with Ctrl+K (Cmd+K on macOS) from anywhere.
import { useEffect, useRef, useState } from 'react';
import { LuChevronDown } from 'react-icons/lu';
import { useCatalog } from '../catalog/store';
import { EntryBadge, EntryIcon } from './EntryParts';
import { PickerPanel } from './PickerPanel';

export function ModelPicker() {
  const { list, selected, settings } = useCatalog();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A click outside closes the panel.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const selectedId = settings?.settings.selectedModelId ?? null;
  const loading = !list;
  let label: React.ReactNode;
  if (selected) {
    label = (
      <>
        <EntryIcon entry={selected} />
        <span className="truncate">{selected.name}</span>
        <EntryBadge entry={selected} />
      </>
    );
  } else if (selectedId && list?.catalog) {
    // Chosen earlier but not listed now (e.g. profiles hidden, another region).
    label = <span className="truncate text-muted">{selectedId.split('/').pop()} (not in this list)</span>;
  } else {
    label = <span className="truncate text-muted">{loading ? 'Loading models…' : 'Choose a model or profile'}</span>;
  }

  return (
    <div className="relative flex w-full max-w-md justify-center">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`Model: ${selected?.name ?? 'none selected'}`}
        aria-keyshortcuts="Control+K Meta+K"
        title="Choose a model or profile (Ctrl+K)"
        onClick={() => setOpen((o) => !o)}
        className={`flex w-full items-center gap-2 rounded-md border bg-raised px-3 py-1.5 text-left text-sm ${
          selected?.kind === 'ApplicationProfile' ? 'border-profile' : 'border-line'
        }`}
      >
        {label}
        <LuChevronDown aria-hidden className="ml-auto shrink-0 text-muted" />
      </button>
      {open && (
        <div
          ref={panelRef}
          role="dialog"
          aria-label="Choose a model or profile"
          className="absolute top-full left-1/2 z-40 mt-1 w-[min(880px,calc(100vw-2rem))] -translate-x-1/2 rounded-lg border border-line bg-surface shadow-2xl"
        >
          <PickerPanel onClose={close} />
        </div>
      )}
    </div>
  );
}
