// The create form: every field checked as AWS checks it while the user types (the rule beside it,
// the offending character and a "Use: …" fix), the source from the region's copyable models and
// cross-region profiles, tags, and the equivalent AWS CLI command. One client request token per
// draft: a double click or a retry after a timeout makes one profile; a changed draft gets a new one.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { LuArrowLeft, LuBox, LuGlobe } from 'react-icons/lu';
import type { IpcError, Profile, ProfileDraft, ProfileSource } from '../bindings';
import { createProfile, profileSources, toIpcError } from '../ipc';
import { createCommand } from './cli';
import { ProblemText } from './fields';
import { CopyButton, ProfileErrorNotice } from './parts';
import { checkDraft, RULE_TEXT } from './rules';
import { TagRows } from './TagRows';

const EMPTY: ProfileDraft = { name: '', description: '', source: '', tags: [] };

function newToken(): string {
  return globalThis.crypto.randomUUID();
}

export function CreateForm({
  initial,
  usedTagKeys,
  takenNames,
  onCancel,
  onCreated,
}: {
  initial: ProfileDraft | null;
  usedTagKeys: readonly string[];
  takenNames: ReadonlySet<string>;
  onCancel: () => void;
  onCreated: (p: Profile) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<ProfileDraft>(initial ?? EMPTY);
  const [attempted, setAttempted] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [sources, setSources] = useState<ProfileSource[] | null>(null);
  const [sourcesError, setSourcesError] = useState<IpcError | null>(null);
  const [sourceQuery, setSourceQuery] = useState('');
  // The token belongs to the draft it was made for.
  const token = useRef<{ draft: string; token: string } | null>(null);
  const running = useRef(false);

  useEffect(() => {
    let live = true;
    profileSources().then(
      (s) => live && setSources(s),
      (e: unknown) => live && setSourcesError(toIpcError(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const problems = useMemo(() => checkDraft(draft), [draft]);
  const nameProblem = problems.find((p) => p.field === 'name');
  const descriptionProblem = problems.find((p) => p.field === 'description');
  const sourceProblem = problems.find((p) => p.field === 'source');
  const nameTaken = takenNames.has(draft.name) ? `A profile named "${draft.name}" already exists in this list.` : null;
  const showName = nameProblem && (attempted || draft.name !== '');
  const chosen = sources?.find((s) => s.arn === draft.source || s.id === draft.source) ?? null;
  const commandDraft = chosen ? { ...draft, source: chosen.arn } : draft;

  const set = (change: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (running.current) return;
    setAttempted(true);
    if (problems.length > 0 || (chosen?.problem ?? null) !== null) {
      document.getElementById(`${id}-${problems[0]?.field ?? 'source'}`)?.focus();
      return;
    }
    const key = JSON.stringify(draft);
    if (token.current?.draft !== key) token.current = { draft: key, token: newToken() };
    running.current = true;
    setCreating(true);
    setError(null);
    try {
      const answer = await createProfile(draft, token.current.token);
      // An answer without its tags (not fetched yet) has the ones just sent.
      const created = answer.tags === null ? { ...answer, tags: draft.tags } : answer;
      console.info('[inference-profile] created', { arn: created.arn, tags: created.tags?.length ?? 0 });
      onCreated(created);
    } catch (err) {
      // The draft stays as it is, and so does its token: a retry cannot make a second profile.
      setError(toIpcError(err));
    } finally {
      running.current = false;
      setCreating(false);
    }
  };

  const q = sourceQuery.trim().toLowerCase();
  const shownSources = (sources ?? []).filter(
    (s) => q === '' || [s.name, s.id, s.provider ?? '', s.geography ?? ''].join('\n').toLowerCase().includes(q),
  );

  return (
    <form className="mx-auto flex max-w-3xl flex-col gap-5 px-6 py-6" aria-label="New profile" onSubmit={(e) => void submit(e)} noValidate>
      <div className="flex items-center gap-2">
        <button type="button" onClick={onCancel} aria-label="Back to the profiles" className="rounded p-1 text-muted hover:bg-raised hover:text-ink">
          <LuArrowLeft aria-hidden />
        </button>
        <h1 className="text-xl font-semibold">{initial ? 'Duplicate with changes' : 'New profile'}</h1>
      </div>
      {initial && (
        <p className="text-sm text-muted">
          AWS cannot change a profile after it is made, except its tags: this creates a new one from a copy. Delete the old one
          afterwards if you no longer need it.
        </p>
      )}

      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-name`} className="text-sm font-medium">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
          aria-invalid={showName || nameTaken ? true : undefined}
          aria-describedby={`${id}-name-rule${showName ? ` ${id}-name-problem` : ''}`}
          className="rounded-md border border-line bg-canvas px-3 py-1.5 text-sm aria-invalid:border-danger"
          autoComplete="off"
          spellCheck={false}
        />
        <p id={`${id}-name-rule`} className="text-xs text-muted">
          {RULE_TEXT.name}
        </p>
        {showName && <ProblemText id={`${id}-name-problem`} problem={nameProblem} value={draft.name} onUse={(s) => set({ name: s })} />}
        {!nameProblem && nameTaken && <p className="text-xs text-danger">{nameTaken}</p>}
      </div>

      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-description`} className="text-sm font-medium">
          Description
        </label>
        <input
          id={`${id}-description`}
          value={draft.description}
          onChange={(e) => set({ description: e.target.value })}
          aria-invalid={descriptionProblem ? true : undefined}
          aria-describedby={`${id}-description-rule${descriptionProblem ? ` ${id}-description-problem` : ''}`}
          className="rounded-md border border-line bg-canvas px-3 py-1.5 text-sm aria-invalid:border-danger"
          autoComplete="off"
        />
        <p id={`${id}-description-rule`} className="text-xs text-muted">
          {RULE_TEXT.description}
        </p>
        <ProblemText
          id={`${id}-description-problem`}
          problem={descriptionProblem}
          value={draft.description}
          onUse={(s) => set({ description: s })}
        />
      </div>

      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium">Source</legend>
        <p className="text-xs text-muted">{RULE_TEXT.source}</p>
        <input
          id={`${id}-source`}
          type="search"
          aria-label="Search models and cross-region profiles"
          value={sourceQuery}
          onChange={(e) => setSourceQuery(e.target.value)}
          placeholder="Search by name, id, provider or geography"
          className="rounded-md border border-line bg-canvas px-3 py-1.5 text-sm"
        />
        {sourcesError && <ProfileErrorNotice error={sourcesError} />}
        {!sources && !sourcesError && <p className="text-xs text-muted">Loading what can be copied…</p>}
        {sources && (
          <div role="radiogroup" aria-label="Source" className="max-h-60 overflow-y-auto rounded-md border border-line bg-surface">
            {shownSources.length === 0 && <p className="px-3 py-2 text-sm text-muted">Nothing matches.</p>}
            {shownSources.slice(0, 300).map((s) => (
              <label
                key={s.arn}
                className={`flex items-start gap-2 border-b border-line px-3 py-1.5 text-sm last:border-b-0 ${s.problem ? 'opacity-60' : 'cursor-pointer hover:bg-raised'}`}
              >
                <input
                  type="radio"
                  name={`${id}-source-choice`}
                  value={s.arn}
                  checked={chosen?.arn === s.arn}
                  disabled={s.problem !== null}
                  onChange={() => set({ source: s.arn })}
                  aria-describedby={s.problem ? `${id}-why-${s.arn}` : undefined}
                  className="mt-1"
                />
                {s.kind === 'SystemProfile' ? (
                  <LuGlobe aria-hidden className="mt-1 shrink-0 text-muted" />
                ) : (
                  <LuBox aria-hidden className="mt-1 shrink-0 text-muted" />
                )}
                <span className="min-w-0 flex-1">
                  <span className="block truncate">
                    {s.name}{' '}
                    <span className="text-xs text-muted">
                      {s.kind === 'SystemProfile' ? `Cross-region${s.geography ? ` · ${s.geography}` : ''}` : (s.provider ?? '')}
                    </span>
                  </span>
                  <span className="block truncate font-mono text-[11px] text-muted">{s.id}</span>
                  {s.problem && (
                    <span id={`${id}-why-${s.arn}`} className="block text-xs text-muted">
                      Cannot be copied: {s.problem}
                    </span>
                  )}
                </span>
              </label>
            ))}
          </div>
        )}
        {chosen && (
          <p className="text-xs" data-testid="chosen-source">
            Copies <span className="font-medium">{chosen.name}</span> <span className="font-mono text-muted">{chosen.arn}</span>
          </p>
        )}
        {!chosen && draft.source !== '' && <p className="text-xs">Copies <span className="font-mono">{draft.source}</span></p>}
        {attempted && sourceProblem && <p className="text-xs text-danger">{sourceProblem.message}</p>}
      </fieldset>

      <TagRows tags={draft.tags} onChange={(tags) => set({ tags })} problems={problems} showEmpty={attempted} usedKeys={usedTagKeys} />

      <section aria-labelledby={`${id}-cli`} className="flex flex-col gap-1">
        <div className="flex items-center gap-2">
          <h2 id={`${id}-cli`} className="text-sm font-medium">
            The same with the AWS CLI
          </h2>
          <CopyButton text={createCommand(commandDraft)} label="Copy the AWS CLI command" />
        </div>
        <pre className="overflow-x-auto rounded-md bg-raised p-3 font-mono text-xs select-all" data-testid="cli-command">
          <code>{createCommand(commandDraft)}</code>
        </pre>
        <p className="text-xs text-muted">For an administrator who must run it elsewhere (AWS CLI v2.18.17 or newer).</p>
      </section>

      {error && <ProfileErrorNotice error={error} modelSource={chosen?.arn ?? (draft.source || null)} />}
      {attempted && problems.length > 0 && (
        <p role="alert" className="text-sm text-danger">
          {problems.length === 1 ? 'One field needs' : `${problems.length} fields need`} a change before AWS would accept the profile.
        </p>
      )}

      <div className="flex items-center gap-2">
        <button
          type="submit"
          disabled={creating}
          className="rounded-md bg-accent px-4 py-1.5 text-sm text-accent-ink disabled:opacity-50"
        >
          Create profile
        </button>
        {creating && (
          <span role="status" className="text-sm text-muted">
            Creating…
          </span>
        )}
        <button type="button" onClick={onCancel} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-raised">
          Cancel
        </button>
      </div>
    </form>
  );
}
