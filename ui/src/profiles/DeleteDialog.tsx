// Deleting a profile: asks who uses it first (the chat's selection, saved conversations) and
// takes the profile's exact name typed as the confirmation.
import { useEffect, useId, useState } from 'react';
import { LuTriangleAlert } from 'react-icons/lu';
import type { IpcError, Profile, ProfileUse } from '../bindings';
import { deleteProfile, profileUse, toIpcError } from '../ipc';
import { Dialog, ProfileErrorNotice } from './parts';

export function DeleteDialog({ profile, onClose, onDeleted }: { profile: Profile; onClose: () => void; onDeleted: () => void }) {
  const id = useId();
  const [use, setUse] = useState<ProfileUse | null>(null);
  const [useError, setUseError] = useState<IpcError | null>(null);
  const [typed, setTyped] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    let live = true;
    profileUse(profile.arn).then(
      (u) => live && setUse(u),
      (e: unknown) => live && setUseError(toIpcError(e)),
    );
    return () => {
      live = false;
    };
  }, [profile.arn]);

  const confirmed = typed === profile.name;
  const remove = async () => {
    if (!confirmed || deleting) return;
    setDeleting(true);
    setError(null);
    try {
      await deleteProfile(profile.arn);
      console.info('[inference-profile] deleted', { arn: profile.arn });
      onDeleted();
    } catch (e) {
      setError(toIpcError(e));
      setDeleting(false);
    }
  };

  const used = use && (use.selected || use.conversations.length > 0);
  return (
    <Dialog title={`Delete ${profile.name}?`} onClose={onClose}>
      <p className="mb-3 text-sm">
        AWS deletes the profile at once; it cannot be undone. Calls through its ARN fail from then on, and spend already
        made stays under its tags.
      </p>
      {!use && !useError && <p className="mb-3 text-xs text-muted">Checking whether the chat uses it…</p>}
      {useError && <p className="mb-3 text-xs text-danger">Could not check whether the chat uses it: {useError.message}</p>}
      {used && (
        <div role="alert" className="mb-3 flex gap-2 rounded-md border border-demo/40 bg-demo-soft p-3 text-sm text-demo" data-testid="delete-usage">
          <LuTriangleAlert aria-hidden className="mt-0.5 shrink-0" />
          <div>
            {use.selected && <p>It is the chat&apos;s current selection in the picker.</p>}
            {use.conversations.length > 0 && (
              <>
                <p>
                  {use.conversations.length === 1 ? 'A saved conversation uses it' : `${use.conversations.length} saved conversations use it`}; they
                  will say the profile is gone:
                </p>
                <ul className="mt-1 list-disc pl-5">
                  {use.conversations.map((c) => (
                    <li key={c.id}>{c.title}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      )}
      <label htmlFor={`${id}-confirm`} className="text-sm">
        Type <span className="font-mono font-semibold select-all">{profile.name}</span> to confirm
      </label>
      <input
        id={`${id}-confirm`}
        data-autofocus
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void remove();
          }
        }}
        autoComplete="off"
        spellCheck={false}
        className="mt-1 w-full rounded-md border border-line bg-canvas px-3 py-1.5 font-mono text-sm"
      />
      {error && (
        <div className="mt-3">
          <ProfileErrorNotice error={error} profile={profile.arn} />
        </div>
      )}
      <div className="mt-4 flex items-center gap-2">
        <button
          type="button"
          onClick={() => void remove()}
          disabled={!confirmed || deleting}
          className="rounded-md bg-danger px-4 py-1.5 text-sm text-canvas disabled:opacity-50"
        >
          Delete profile
        </button>
        <button type="button" onClick={onClose} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-raised">
          Cancel
        </button>
        {deleting && (
          <span role="status" className="text-sm text-muted">
            Deleting…
          </span>
        )}
      </div>
    </Dialog>
  );
}
