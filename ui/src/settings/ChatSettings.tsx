// Chat settings: "Prompt caching", saved the moment it is switched (like "Enable Inference
// Profiles"); every chat request's `promptCache` follows it.
import { useId } from 'react';
import { useCatalog } from '../catalog/store';
import { ErrorNotice } from '../shell/ErrorNotice';
import { SaveStatus, useFieldSave } from './AwsSettings';

export function ChatSettings() {
  const { settings } = useCatalog();
  const toggle = useFieldSave();
  const id = useId();
  if (!settings) return null;
  const on = settings.settings.promptCaching;
  return (
    <section aria-labelledby="settings-chat" className="grid gap-3 rounded-lg border border-line bg-surface p-4">
      <h2 id="settings-chat" className="font-medium">
        Chat
      </h2>
      <div className="grid gap-1">
        <div className="flex items-center gap-2">
          <input
            id={id}
            type="checkbox"
            checked={on}
            disabled={toggle.state.kind === 'saving'}
            onChange={(e) => {
              const next = e.target.checked;
              console.info(`[chat] Prompt caching ${next ? 'on' : 'off'}`);
              void toggle.save({ promptCaching: next });
            }}
            className="h-4 w-4 accent-[var(--strata-profile)]"
          />
          <label htmlFor={id} className="text-sm font-medium">
            Prompt caching
          </label>
          <SaveStatus state={toggle.state} />
        </div>
        <p className="ml-6 text-xs text-muted">
          For models that have it, the system prompt and the conversation so far are cached, so each next message reads
          them at the lower cache rate.
        </p>
        {toggle.state.kind === 'failed' && <ErrorNotice error={toggle.state.error} />}
      </div>
    </section>
  );
}
