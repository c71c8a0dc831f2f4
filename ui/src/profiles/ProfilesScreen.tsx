// The Profiles screen: the region's application inference profiles (or every region's) in a
// table that filters and sorts, with create, tag and delete. Each change updates the table from
// the command's answer (no reload); the backend broadcasts the catalog, so the picker follows too.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { LuBrainCircuit, LuCopyPlus, LuPlus, LuRefreshCw, LuTags, LuTrash2 } from 'react-icons/lu';
import type { IpcError, Profile, ProfileDraft, RegionProfiles } from '../bindings';
import { listProfiles, toIpcError } from '../ipc';
import { useCatalog } from '../catalog/store';
import { useAppStore } from '../store';
import { CreateForm } from './CreateForm';
import { DeleteDialog } from './DeleteDialog';
import { CopyButton, ProfileErrorNotice, TagChips } from './parts';
import { COLUMNS, filterProfiles, originText, shortTime, sortProfiles, statusText, type Column, type Sort } from './table';
import { TagsDialog } from './TagsDialog';

type View = { type: 'list' } | { type: 'create'; initial: ProfileDraft | null };

/** A draft copying `p` with a new name: profiles cannot be changed in place, only recreated. */
export function duplicateDraft(p: Profile, taken: ReadonlySet<string>): ProfileDraft {
  let name = `${p.name}-copy`.slice(0, 64);
  for (let n = 2; taken.has(name); n++) name = `${p.name}-copy-${n}`.slice(0, 64);
  const source =
    p.origin.type === 'crossRegion'
      ? p.origin.profileId
      : p.origin.type === 'model'
        ? p.origin.modelId
        : (p.models[0]?.arn ?? '');
  return { name, description: p.description ?? '', source, tags: (p.tags ?? []).map((t) => ({ ...t })) };
}

export function ProfilesScreen() {
  const { markDeleted } = useAppStore();
  const { settings, saveSettings } = useCatalog();
  const [settingError, setSettingError] = useState<IpcError | null>(null);
  // With the setting off the picker lists no application profiles: what is made here could not
  // be chosen for chat, so say so where it matters and offer the switch.
  const pickerHidesProfiles = settings !== null && !settings.settings.enableInferenceProfiles;
  const [allRegions, setAllRegions] = useState(false);
  const [regions, setRegions] = useState<RegionProfiles[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ column: 'name', direction: 'ascending' });
  const [view, setView] = useState<View>({ type: 'list' });
  const [tagging, setTagging] = useState<Profile | null>(null);
  const [deleting, setDeleting] = useState<Profile | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const adoptList = useCallback((answer: RegionProfiles[]) => {
    setRegions(answer);
    setLoadError(null);
    setLoading(false);
    console.info('[inference-profile] profiles listed', {
      regions: answer.length,
      profiles: answer.reduce((n, r) => n + r.profiles.length, 0),
      failed: answer.filter((r) => r.error).map((r) => r.region),
    });
  }, []);
  const failList = useCallback((e: unknown) => {
    setLoadError(toIpcError(e));
    setLoading(false);
  }, []);

  useEffect(() => {
    let live = true;
    listProfiles(allRegions).then(
      (answer) => live && adoptList(answer),
      (e: unknown) => live && failList(e),
    );
    return () => {
      live = false;
    };
  }, [allRegions, adoptList, failList]);

  const load = useCallback(
    (all: boolean) => {
      setLoading(true);
      return listProfiles(all).then(adoptList, failList);
    },
    [adoptList, failList],
  );
  const showAllRegions = (on: boolean) => {
    setLoading(true);
    setAllRegions(on);
  };

  const all = useMemo(() => (regions ?? []).flatMap((r) => r.profiles), [regions]);
  const names = useMemo(() => new Set(all.map((p) => p.name)), [all]);
  // The tag keys the region's profiles use, first, for the create form's suggestions.
  const usedKeys = useMemo(() => [...new Set(all.flatMap((p) => (p.tags ?? []).map((t) => t.key)))].sort(), [all]);

  /** Puts a changed or new profile in its region's rows. */
  const adopt = useCallback((p: Profile) => {
    setRegions((rs) => {
      const list = rs ?? [];
      const target = list.find((r) => r.region === p.region) ?? list[0];
      if (!target) return [{ region: p.region, profiles: [p], error: null }];
      return list.map((r) =>
        r === target
          ? { ...r, profiles: r.profiles.some((x) => x.arn === p.arn) ? r.profiles.map((x) => (x.arn === p.arn ? p : x)) : [...r.profiles, p] }
          : r,
      );
    });
  }, []);

  const remove = useCallback(
    (arn: string) => {
      setRegions((rs) => (rs ?? []).map((r) => ({ ...r, profiles: r.profiles.filter((p) => p.arn !== arn) })));
      markDeleted(arn);
    },
    [markDeleted],
  );

  if (view.type === 'create') {
    return (
      <CreateForm
        initial={view.initial}
        usedTagKeys={usedKeys}
        takenNames={names}
        onCancel={() => setView({ type: 'list' })}
        onCreated={(p) => {
          adopt(p);
          setNotice(`Created ${p.name}.`);
          setView({ type: 'list' });
        }}
      />
    );
  }

  const toggleSort = (column: Column) =>
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'ascending' ? 'descending' : 'ascending' }));

  const shown = (regions ?? []).map((r) => ({ ...r, rows: sortProfiles(filterProfiles(r.profiles, query), sort) }));
  const total = all.length;
  const shownCount = shown.reduce((n, r) => n + r.rows.length, 0);
  const single = !allRegions && shown.length === 1 ? shown[0] : undefined;

  return (
    <div className="flex flex-col gap-4 px-6 py-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          <LuBrainCircuit aria-hidden className="h-5 w-5 text-profile" /> Profiles
        </h1>
        <span className="text-sm text-muted" data-testid="profiles-count">
          {regions ? (query ? `${shownCount} of ${total}` : `${total}`) : ''} {regions ? (total === 1 ? 'application profile' : 'application profiles') : ''}
          {single ? ` in ${single.region}` : allRegions && regions ? ` in ${regions.length} regions` : ''}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={allRegions} onChange={(e) => showAllRegions(e.target.checked)} />
            All regions
          </label>
          <button
            type="button"
            onClick={() => void load(allRegions)}
            disabled={loading}
            className="flex items-center gap-1.5 rounded-md border border-line px-2.5 py-1.5 text-sm hover:bg-raised disabled:opacity-50"
          >
            <LuRefreshCw aria-hidden className={loading ? 'animate-spin' : ''} /> Refresh
          </button>
          <button
            type="button"
            onClick={() => setView({ type: 'create', initial: null })}
            className="flex items-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink"
          >
            <LuPlus aria-hidden /> New profile
          </button>
        </div>
      </div>

      <p className="text-xs text-muted">
        Application inference profiles are tagged copies of a model or cross-region profile; calls through one are billed
        under its tags. AWS cannot change a profile after it is made (there is no update call) except its tags: use
        &ldquo;Duplicate with changes&rdquo; for anything else.
      </p>

      {pickerHidesProfiles && (
        <div role="note" aria-label="Enable Inference Profiles is off" className="flex flex-wrap items-center gap-2 rounded-md border border-profile/40 bg-surface px-3 py-2 text-sm">
          <span>
            <strong>Enable Inference Profiles</strong> is off, so the model picker does not list these profiles and chat
            cannot use them.
          </span>
          <button
            type="button"
            className="ml-auto rounded-md bg-accent px-2.5 py-1 text-xs text-accent-ink"
            onClick={() => {
              setSettingError(null);
              saveSettings({ enableInferenceProfiles: true }).catch((e: unknown) => setSettingError(toIpcError(e)));
            }}
          >
            Turn it on
          </button>
          {settingError && (
            <span role="alert" className="w-full text-danger">
              {settingError.message}
            </span>
          )}
        </div>
      )}

      {notice && (
        <p role="status" className="flex items-center gap-2 rounded-md border border-line bg-surface px-3 py-2 text-sm">
          {notice}
          <button type="button" className="ml-auto text-xs text-muted hover:text-ink" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      )}

      <label className="flex flex-col gap-1 text-sm">
        <span className="sr-only">Filter profiles</span>
        <input
          type="search"
          aria-label="Filter profiles"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Filter by name, model, ARN… or a tag: Project=Alpha"
          className="w-full max-w-xl rounded-md border border-line bg-canvas px-3 py-1.5"
        />
      </label>

      {loadError && (
        <ProfileErrorNotice error={loadError}>
          <button type="button" className="rounded border border-line px-2 py-1 text-xs" onClick={() => void load(allRegions)}>
            Retry
          </button>
        </ProfileErrorNotice>
      )}
      {single?.error && (
        <ProfileErrorNotice error={single.error}>
          <button type="button" className="rounded border border-line px-2 py-1 text-xs" onClick={() => void load(allRegions)}>
            Retry
          </button>
        </ProfileErrorNotice>
      )}

      {!regions && loading && (
        <p role="status" className="text-sm text-muted">
          Loading profiles…
        </p>
      )}

      {regions && !loadError && total === 0 && !shown.some((r) => r.error) && (
        <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-line py-10 text-center" data-testid="profiles-empty">
          <LuBrainCircuit aria-hidden className="h-8 w-8 text-profile" />
          <p className="font-medium">No application profiles {allRegions ? 'in any region' : 'in this region'} yet</p>
          <p className="max-w-md text-sm text-muted">Create one to bill a project&apos;s chats to its tags.</p>
        </div>
      )}

      {regions && (total > 0 || (allRegions && shown.some((r) => r.error))) && (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="w-full border-collapse text-left text-sm" aria-label="Application profiles" aria-busy={loading || undefined}>
            <thead className="bg-raised text-xs text-muted">
              <tr>
                {COLUMNS.map(({ column, label }) => (
                  <th
                    key={column}
                    scope="col"
                    aria-sort={sort.column === column ? sort.direction : 'none'}
                    className="px-3 py-2 font-medium whitespace-nowrap"
                  >
                    <button type="button" onClick={() => toggleSort(column)} className="flex items-center gap-1 rounded hover:text-ink">
                      {label}
                      <span aria-hidden>{sort.column === column ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}</span>
                    </button>
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            {shown.map((r) => (
              <tbody key={r.region} aria-label={allRegions ? r.region : undefined} data-region={r.region}>
                {allRegions && (
                  <tr className="border-t border-line bg-canvas">
                    <th colSpan={COLUMNS.length + 1} scope="rowgroup" className="px-3 py-1.5 text-xs font-semibold">
                      {r.region}{' '}
                      <span className="font-normal text-muted">
                        {r.error ? '' : `· ${r.rows.length} ${r.rows.length === 1 ? 'profile' : 'profiles'}`}
                      </span>
                    </th>
                  </tr>
                )}
                {allRegions && r.error && (
                  <tr>
                    <td colSpan={COLUMNS.length + 1} className="px-3 py-2" data-testid={`region-error-${r.region}`}>
                      <ProfileErrorNotice error={r.error} />
                    </td>
                  </tr>
                )}
                {r.rows.map((p) => (
                  <ProfileRow
                    key={p.arn}
                    profile={p}
                    onTags={() => setTagging(p)}
                    onDuplicate={() => setView({ type: 'create', initial: duplicateDraft(p, names) })}
                    onDelete={() => setDeleting(p)}
                  />
                ))}
              </tbody>
            ))}
          </table>
          {query && shownCount === 0 && <p className="px-3 py-4 text-sm text-muted">No profile matches &ldquo;{query}&rdquo;.</p>}
        </div>
      )}

      {tagging && (
        <TagsDialog
          profile={tagging}
          usedKeys={usedKeys}
          onClose={() => setTagging(null)}
          onChanged={(p) => {
            adopt(p);
            setTagging(p);
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          profile={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            remove(deleting.arn);
            setNotice(`Deleted ${deleting.name}.`);
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}

function ProfileRow({ profile: p, onTags, onDuplicate, onDelete }: { profile: Profile; onTags: () => void; onDuplicate: () => void; onDelete: () => void }) {
  return (
    <tr className="border-t border-line align-top" data-arn={p.arn}>
      <td className="max-w-80 min-w-64 border-l-4 border-l-profile px-3 py-2">
        <span className="flex items-center gap-1.5 font-medium" data-testid="profile-name">
          <LuBrainCircuit aria-hidden className="h-4 w-4 shrink-0 text-profile" />
          {p.name}
        </span>
        <div className="mt-1 flex items-start gap-1">
          <code className="min-w-0 font-mono text-[10px] break-all text-muted select-all" data-testid="profile-arn">
            {p.arn}
          </code>
          <CopyButton text={p.arn} label={`Copy the ARN of ${p.name}`} />
        </div>
      </td>
      <td className="max-w-64 min-w-40 px-3 py-2 break-words text-muted">{p.description ?? '—'}</td>
      <td className="min-w-40 px-3 py-2">
        <div>{originText(p)}</div>
        <ul className="text-xs text-muted" aria-label="Models underneath">
          {p.models.map((m) => (
            <li key={m.arn}>
              {m.name ?? m.modelId} · {m.region}
            </li>
          ))}
        </ul>
      </td>
      <td className="px-3 py-2 text-xs">{statusText(p.status)}</td>
      <td className="px-3 py-2 text-xs whitespace-nowrap" title={p.createdAt ?? undefined}>
        {shortTime(p.createdAt)}
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap" title={p.updatedAt ?? undefined}>
        {shortTime(p.updatedAt)}
      </td>
      <td className="max-w-64 min-w-40 px-3 py-2">
        <TagChips tags={p.tags} />
      </td>
      <td className="px-3 py-2">
        <div className="flex items-center gap-1">
          <RowButton label={`Tags of ${p.name}`} onClick={onTags}>
            <LuTags aria-hidden />
          </RowButton>
          <RowButton label={`Duplicate ${p.name} with changes`} onClick={onDuplicate}>
            <LuCopyPlus aria-hidden />
          </RowButton>
          <RowButton label={`Delete ${p.name}`} onClick={onDelete} danger>
            <LuTrash2 aria-hidden />
          </RowButton>
        </div>
      </td>
    </tr>
  );
}

function RowButton(props: { label: string; onClick: () => void; danger?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
      className={`rounded p-1.5 text-muted hover:bg-raised ${props.danger ? 'hover:text-danger' : 'hover:text-ink'}`}
    >
      {props.children}
    </button>
  );
}
