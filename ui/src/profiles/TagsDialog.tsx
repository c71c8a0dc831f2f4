// Tags of an existing profile: add, change (a new value for a key is a TagResource) and remove
// (UntagResource), checked as AWS checks them. The rest of a profile cannot change in AWS.
import { useMemo, useState } from 'react';
import type { IpcError, Profile, Tag } from '../bindings';
import { tagProfile, toIpcError, untagProfile } from '../ipc';
import { Dialog, ProfileErrorNotice } from './parts';
import { checkTags } from './rules';
import { TagRows } from './TagRows';

/** What saving `next` over `before` takes: the tags to set and the keys to remove. */
export function tagChanges(before: readonly Tag[], next: readonly Tag[]): { set: Tag[]; remove: string[] } {
  const old = new Map(before.map((t) => [t.key, t.value]));
  const keys = new Set(next.map((t) => t.key));
  return {
    set: next.filter((t) => old.get(t.key) !== t.value),
    remove: before.filter((t) => !keys.has(t.key)).map((t) => t.key),
  };
}

export function TagsDialog({
  profile,
  usedKeys,
  onClose,
  onChanged,
}: {
  profile: Profile;
  usedKeys: readonly string[];
  onClose: () => void;
  onChanged: (p: Profile) => void;
}) {
  const [rows, setRows] = useState<Tag[]>(() => (profile.tags ?? []).map((t) => ({ ...t })));
  const [saving, setSaving] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);
  const problems = useMemo(() => checkTags(rows), [rows]);
  const changes = tagChanges(profile.tags ?? [], rows);
  const unchanged = changes.set.length === 0 && changes.remove.length === 0;

  const save = async () => {
    setAttempted(true);
    setSaved(false);
    if (problems.length > 0 || unchanged || saving) return;
    setSaving(true);
    setError(null);
    // Removals first: a profile holds at most 50 tags, counted before the removals otherwise.
    let after = profile;
    try {
      if (changes.remove.length > 0) after = await untagProfile(profile.arn, changes.remove);
      if (changes.set.length > 0) after = await tagProfile(profile.arn, changes.set);
      console.info('[inference-profile] tags changed', { arn: profile.arn, set: changes.set.length, removed: changes.remove.length });
      onChanged(after);
      setRows((after.tags ?? rows).map((t) => ({ ...t })));
      setSaved(true);
    } catch (e) {
      // The removals may have gone through: show the profile as it is; the rows keep the draft.
      if (after !== profile) onChanged(after);
      setError(toIpcError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Tags of ${profile.name}`} onClose={onClose} wide>
      <p className="mb-3 text-xs text-muted">
        Tags are the only thing AWS lets you change on a profile (there is no update call): for another name,
        description or model, use &ldquo;Duplicate with changes&rdquo;. Calls are billed under the tags in force when they are made.
      </p>
      <TagRows tags={rows} onChange={(t) => { setRows(t); setSaved(false); }} problems={problems} showEmpty={attempted} usedKeys={usedKeys} disabled={saving} />
      {error && (
        <div className="mt-3">
          <ProfileErrorNotice error={error} profile={profile.arn} />
        </div>
      )}
      <div className="mt-4 flex items-center gap-2">
        <button
          type="button"
          onClick={() => void save()}
          disabled={saving || unchanged}
          className="rounded-md bg-accent px-4 py-1.5 text-sm text-accent-ink disabled:opacity-50"
        >
          Save tags
        </button>
        <button type="button" onClick={onClose} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-raised">
          Close
        </button>
        <span role="status" className="text-sm text-muted">
          {saving ? 'Saving…' : saved ? 'Saved' : ''}
        </span>
      </div>
    </Dialog>
  );
}
