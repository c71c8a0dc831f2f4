// The picker's search box and list: a combobox over a virtualised listbox, grouped (application
// profiles first, then by provider), with a tooltip for application profiles on hover and on
// keyboard focus. Only the rows in view are in the DOM, so thousands of entries stay smooth.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { LuRefreshCw, LuSearch } from 'react-icons/lu';
import type { CatalogSection, CheckId, IpcError, ModelEntry } from '../bindings';
import { useCatalog } from '../catalog/store';
import { checksFor } from '../doctor/checks';
import { InlineFindings } from '../doctor/InlineFindings';
import { ErrorNotice } from '../shell/ErrorNotice';
import { useAppStore } from '../store';
import { EntryBadge, EntryIcon, secondLine } from './EntryParts';
import { filterRows, prepare, unavailableReason, type Row } from './filter';
import { copyText, ProfileTooltip, type TooltipPlace } from './ProfileTooltip';

export const GROUP_HEIGHT = 28;
export const ENTRY_HEIGHT = 52;
const VIEW_HEIGHT = 420;
const OVERSCAN = 6;

function rowHeight(row: Row): number {
  return row.type === 'group' ? GROUP_HEIGHT : ENTRY_HEIGHT;
}

/** Start offset of each row, and the total height. */
function layout(rows: readonly Row[]): { offsets: number[]; total: number } {
  const offsets = new Array<number>(rows.length);
  let y = 0;
  rows.forEach((row, i) => {
    offsets[i] = y;
    y += rowHeight(row);
  });
  return { offsets, total: y };
}

/** The first row whose bottom is below `y`. */
function rowAt(offsets: readonly number[], rows: readonly Row[], y: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid];
    if (row && (offsets[mid] ?? 0) + rowHeight(row) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The picker's name of each listing, for the error on its section. */
export const SECTION_LABEL: Record<CatalogSection, string> = {
  foundationModels: 'Foundation models',
  systemProfiles: 'Cross-region profiles',
  applicationProfiles: 'Application profiles',
};

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}

/** The checks that explain an error notice of the picker, and the state they belong to; `null`: none do. */
function diagnosis(error: IpcError): { key: string; checks: CheckId[] } | null {
  const checks = checksFor(error.kind);
  return checks ? { key: `error:${error.kind}:${error.message}`, checks } : null;
}

/** The checks that say why no application profile is listed: the setting, and where they are. */
const EMPTY_CHECKS: CheckId[] = ['setting', 'profile'];

export function PickerPanel({ onClose }: { onClose: () => void }) {
  const { list, refreshing, listError, settings, selected, refresh, select } = useCatalog();
  const { showScreen } = useAppStore();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<number>(-1);
  const [scrollTop, setScrollTop] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listboxId = useId();
  const tooltipId = useId();
  const optionId = (i: number) => `${listboxId}-opt-${i}`;

  const entries = list?.catalog?.entries;
  const prepared = useMemo(() => prepare(entries ?? []), [entries]);
  const rows = useMemo(() => filterRows(prepared, query), [prepared, query]);
  const { offsets, total } = useMemo(() => layout(rows), [rows]);

  // Start on the selection, else the first entry; searching starts on the first match. Only
  // when the rows change (a new list or a new query); a new selection closes the panel anyway.
  // Set while rendering (React's "adjust state when a prop changes"), not in an effect.
  const [activeFor, setActiveFor] = useState<Row[] | null>(null);
  if (activeFor !== rows) {
    setActiveFor(rows);
    const selectedIndex = selected && !query ? rows.findIndex((r) => r.type === 'entry' && r.entry.id === selected.id) : -1;
    setActive(selectedIndex >= 0 ? selectedIndex : rows.findIndex((r) => r.type === 'entry'));
  }

  useEffect(() => inputRef.current?.focus(), []);

  const scrollIntoView = useCallback(
    (index: number) => {
      const el = listRef.current;
      const row = rows[index];
      if (!el || !row) return;
      const top = offsets[index] ?? 0;
      const bottom = top + rowHeight(row);
      // Keep the group header above the first entry visible too.
      const wantTop = index > 0 && rows[index - 1]?.type === 'group' ? top - GROUP_HEIGHT : top;
      if (wantTop < el.scrollTop) el.scrollTop = wantTop;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
      setScrollTop(el.scrollTop);
    },
    [rows, offsets],
  );

  const move = (from: number, step: number) => {
    let i = from;
    for (;;) {
      i += step;
      if (i < 0 || i >= rows.length) return from;
      if (rows[i]?.type === 'entry') return i;
    }
  };

  const choose = (entry: ModelEntry) => {
    const reason = unavailableReason(entry);
    if (reason) {
      setNotice(`${entry.name}: ${reason}.`);
      return;
    }
    select(entry).then(onClose, (e: unknown) => setNotice(`Could not save the selection: ${String((e as Error).message ?? e)}`));
  };

  const activeRow = rows[active];
  const activeEntry = activeRow?.type === 'entry' ? activeRow.entry : null;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const page = Math.floor(VIEW_HEIGHT / ENTRY_HEIGHT);
    let next = active;
    switch (e.key) {
      case 'ArrowDown':
        next = move(active, 1);
        break;
      case 'ArrowUp':
        next = move(active, -1);
        break;
      case 'PageDown':
        for (let n = 0; n < page; n++) next = move(next, 1);
        break;
      case 'PageUp':
        for (let n = 0; n < page; n++) next = move(next, -1);
        break;
      case 'Home':
        if (!e.ctrlKey) return;
        next = move(-1, 1);
        break;
      case 'End':
        if (!e.ctrlKey) return;
        next = move(rows.length, -1);
        break;
      case 'Enter':
        e.preventDefault();
        if (activeEntry) choose(activeEntry);
        return;
      case 'Escape':
        e.preventDefault();
        onClose();
        return;
      case 'c':
      case 'C':
        if (e.altKey && activeEntry?.kind === 'ApplicationProfile') {
          e.preventDefault();
          copyText(activeEntry.arn).then(
            () => setNotice(`Copied the ARN of ${activeEntry.name}.`),
            () => setNotice('The clipboard is not available.'),
          );
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    setActive(next);
    scrollIntoView(next);
  };

  // The rows in view.
  const first = Math.max(0, rowAt(offsets, rows, scrollTop) - OVERSCAN);
  let last = first;
  while (last < rows.length && (offsets[last] ?? 0) < scrollTop + VIEW_HEIGHT) last++;
  last = Math.min(rows.length, last + OVERSCAN);

  const profilesOn = settings?.settings.enableInferenceProfiles ?? false;
  const catalog = list?.catalog ?? null;
  const listDiagnosis = list?.error ? diagnosis(list.error) : null;
  const profilesError = catalog?.sectionErrors.find((e) => e.section === 'applicationProfiles')?.error ?? null;
  const sectionDiagnosis = profilesError ? diagnosis(profilesError) : null;
  // A fix's button leaves with its finding: the search box takes the focus back (Esc, arrows).
  const refocus = () => inputRef.current?.focus();
  const turnOnLink = (
    <p>
      <button
        type="button"
        className="text-accent underline"
        onClick={() => {
          onClose();
          showScreen('settings');
        }}
      >
        Enable Inference Profiles
      </button>{' '}
      in AWS Settings to list them.
    </p>
  );
  // "No application profiles": asked once the list says so for the settings in force (a list
  // loaded before the setting was turned on does not count).
  const emptyKey =
    catalog &&
    !list?.error &&
    !profilesError &&
    catalog.stats.applicationProfiles === 0 &&
    (!profilesOn || catalog.applicationProfilesIncluded)
      ? `empty:${catalog.region}:${profilesOn ? 'on' : 'off'}`
      : null;
  const viewHeight = Math.min(VIEW_HEIGHT, Math.max(total, ENTRY_HEIGHT));
  const rowTop = Math.max(0, (offsets[active] ?? 0) - scrollTop);
  const tooltipPlace: TooltipPlace =
    rowTop < viewHeight / 2 ? { top: rowTop + 4 } : { bottom: Math.max(0, viewHeight - rowTop - ENTRY_HEIGHT) + 4 };

  return (
    <div className="flex flex-col">
      <div className="flex items-center gap-2 border-b border-line px-3 py-2">
        <LuSearch aria-hidden className="h-4 w-4 text-muted" />
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label="Search models and profiles"
          aria-expanded="true"
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 && activeEntry ? optionId(active) : undefined}
          placeholder="Search by name, id, ARN, provider or tag (Project=Alpha)"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setNotice(null);
            if (listRef.current) listRef.current.scrollTop = 0;
            setScrollTop(0);
          }}
          onKeyDown={onKeyDown}
          className="min-w-0 flex-1 bg-transparent py-1 text-sm outline-none placeholder:text-muted"
        />
        <button
          type="button"
          onClick={() => void refresh()}
          disabled={refreshing}
          aria-label="Refresh the model list"
          title="Refresh the model list"
          className="rounded p-1 text-muted hover:bg-raised hover:text-ink disabled:opacity-50"
        >
          <LuRefreshCw aria-hidden className={refreshing ? 'animate-spin' : ''} />
        </button>
      </div>

      <div className="space-y-2 px-3 pt-2 empty:hidden">
        {listError && (
          <ErrorNotice error={listError}>
            <button type="button" className="rounded bg-accent px-2 py-1 text-xs text-accent-ink" onClick={() => void refresh()}>
              Retry
            </button>
          </ErrorNotice>
        )}
        {list?.error && (
          <ErrorNotice error={list.error} onWhy={onClose}>
            {listDiagnosis && (
              <InlineFindings key={listDiagnosis.key} request={{ checks: listDiagnosis.checks }} onLeave={onClose} onFixed={refocus} />
            )}
            <button type="button" className="rounded bg-accent px-2 py-1 text-xs text-accent-ink" onClick={() => void refresh()}>
              Retry
            </button>
            <button
              type="button"
              className="rounded border border-line px-2 py-1 text-xs"
              onClick={() => {
                onClose();
                showScreen('settings');
              }}
            >
              AWS Settings
            </button>
          </ErrorNotice>
        )}
        {catalog?.sectionErrors.map(({ section, error }) => (
          // One listing failed while the others loaded: its section says why, the rest is listed.
          <section key={section} aria-label={SECTION_LABEL[section]} data-section={section}>
            <p className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
              {SECTION_LABEL[section]} could not be listed
            </p>
            <ErrorNotice error={error} onWhy={onClose}>
              {section === 'applicationProfiles' && sectionDiagnosis && (
                <InlineFindings key={sectionDiagnosis.key} request={{ checks: sectionDiagnosis.checks }} onLeave={onClose} onFixed={refocus} />
              )}
              <button type="button" className="rounded bg-accent px-2 py-1 text-xs text-accent-ink" onClick={() => void refresh()}>
                Retry
              </button>
            </ErrorNotice>
          </section>
        ))}
        {catalog && list?.stale && !list.error && (
          <p role="status" className="text-xs text-muted">
            Showing the list saved {ago(catalog.loadedAtMs)}; refreshing…
          </p>
        )}
        {catalog && !profilesOn && (
          <div className="text-xs text-muted" data-testid="profiles-off">
            <p>Application inference profiles are hidden.</p>
            {emptyKey ? <InlineFindings key={emptyKey} request={{ checks: EMPTY_CHECKS }} onLeave={onClose} onFixed={refocus} fallback={turnOnLink} /> : turnOnLink}
          </div>
        )}
        {catalog && profilesOn && emptyKey && (
          <div className="text-xs text-muted" data-testid="no-profiles">
            <p>This region lists no application profiles.</p>
            <InlineFindings key={emptyKey} request={{ checks: EMPTY_CHECKS }} onLeave={onClose} onFixed={refocus} />
          </div>
        )}
        {notice && (
          <p role="status" className="text-xs text-ink">
            {notice}
          </p>
        )}
      </div>

      <div className="relative flex">
        <div
          ref={listRef}
          id={listboxId}
          role="listbox"
          aria-label="Models and profiles"
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          style={{ height: catalog ? viewHeight : undefined }}
          className="relative min-w-0 flex-1 overflow-y-auto py-1"
        >
          {!catalog && !list?.error && !listError && (
            <p className="px-3 py-6 text-center text-sm text-muted">Loading models…</p>
          )}
          {catalog && rows.length === 0 && (
            <p className="px-3 py-6 text-center text-sm text-muted">
              {query ? `Nothing matches “${query}”.` : 'This region lists no models.'}
            </p>
          )}
          <div style={{ height: total }} className="relative">
            {rows.slice(first, last).map((row, k) => {
              const i = first + k;
              const top = offsets[i] ?? 0;
              if (row.type === 'group') {
                return (
                  <div
                    key={row.key}
                    role="presentation"
                    style={{ top, height: GROUP_HEIGHT }}
                    className="absolute inset-x-0 flex items-end px-3 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase"
                  >
                    {row.label} <span className="ml-1 font-normal normal-case">({row.count})</span>
                  </div>
                );
              }
              const entry = row.entry;
              const isProfile = entry.kind === 'ApplicationProfile';
              const reason = unavailableReason(entry);
              return (
                <div
                  key={row.key}
                  id={optionId(i)}
                  role="option"
                  aria-selected={selected?.id === entry.id}
                  aria-disabled={reason ? true : undefined}
                  aria-describedby={isProfile && i === active ? tooltipId : undefined}
                  data-kind={entry.kind}
                  data-active={i === active ? 'true' : undefined}
                  title={reason ?? undefined}
                  style={{ top, height: ENTRY_HEIGHT }}
                  onMouseMove={() => i !== active && setActive(i)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(entry)}
                  className={`absolute inset-x-1 flex cursor-default items-center gap-2.5 rounded px-2.5 ${
                    isProfile ? 'border-l-[3px] border-profile' : 'border-l-[3px] border-transparent'
                  } ${i === active ? 'bg-raised' : ''} ${reason ? 'opacity-55' : ''}`}
                >
                  <EntryIcon entry={entry} />
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-2">
                      <span className="truncate text-sm font-medium">{entry.name}</span>
                      <EntryBadge entry={entry} />
                      {selected?.id === entry.id && <span className="ml-auto text-xs text-accent">Selected</span>}
                    </div>
                    <div className="truncate text-xs text-muted">{reason ?? secondLine(entry)}</div>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
        <div className="relative hidden w-80 shrink-0 border-l border-line sm:block" aria-live="off">
          {activeEntry?.kind === 'ApplicationProfile' && (
            <ProfileTooltip key={activeEntry.id} id={tooltipId} entry={activeEntry} place={tooltipPlace} />
          )}
        </div>
      </div>
      {catalog && (
        <div className="flex items-center gap-3 border-t border-line px-3 py-1.5 text-[11px] text-muted">
          <span>
            {catalog.region} · {catalog.stats.foundationModels} models · {catalog.stats.systemProfiles} cross-region ·{' '}
            {profilesOn ? `${catalog.stats.applicationProfiles} application profiles` : 'application profiles off'}
          </span>
          <span className="ml-auto">↑↓ move · Enter choose · Esc close</span>
        </div>
      )}
    </div>
  );
}
