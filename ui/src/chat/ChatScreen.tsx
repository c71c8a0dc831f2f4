// The chat: saved conversations on the left, the open one in the middle, the composer below.
// A new chat goes to the entry chosen in the picker (an application profile's ARN bills it to the
// profile's tags) and stays with it: choosing another entry later never moves a conversation to
// another bill. Each answer's tokens, latency and estimated cost show under it.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { LuBrainCircuit, LuPlus, LuSend, LuSquare, LuTrash2 } from 'react-icons/lu';
import type { Catalog } from '../bindings';
import { useCatalog } from '../catalog/store';
import { EntryBadge } from '../picker/EntryParts';
import { ErrorNotice } from '../shell/ErrorNotice';
import { useAppStore } from '../store';
import { conversationTotals, formatCost } from './format';
import { MessageView } from './MessageView';
import { useChatStore } from './store';

const AIP_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):(\d{12}):application-inference-profile\//;

/**
 * Whether `entryId` is an application profile that a complete listing of its own region and
 * account no longer holds, i.e. it was deleted (not merely hidden, in another region or account,
 * or in a listing that failed).
 */
export function profileGoneFrom(entryId: string, catalog: Catalog | null | undefined): boolean {
  const m = AIP_ARN.exec(entryId);
  if (!m || !catalog || catalog.region !== m[1] || !catalog.applicationProfilesIncluded) return false;
  if (catalog.sectionErrors.some((e) => e.section === 'applicationProfiles')) return false;
  const account = `:${m[2]}:`;
  return catalog.entries.some((e) => e.arn.includes(account)) && !catalog.entries.some((e) => e.id === entryId);
}

/** Opens the header's picker, where another entry can be chosen. */
function openPicker() {
  document.querySelector<HTMLButtonElement>('[data-slot="model-picker"] button[aria-haspopup]')?.click();
}

export function ChatScreen() {
  const { selected, list } = useCatalog();
  const { deletedProfiles } = useAppStore();
  const chat = useChatStore();
  const { open, streaming, draft, setDraft } = chat;
  const [system, setSystem] = useState('');
  const [maxTokens, setMaxTokens] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const busy = streaming !== null;

  // The options follow the conversation that is opened, not every change inside it.
  const openId = open?.id;
  const openSystem = open?.system ?? '';
  const openMaxTokens = open?.maxTokens ? String(open.maxTokens) : '';
  const shownFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (shownFor.current === openId) return;
    shownFor.current = openId;
    setSystem(openSystem);
    setMaxTokens(openMaxTokens);
  }, [openId, openSystem, openMaxTokens]);

  const lastText = open?.messages[open.messages.length - 1]?.text;
  useEffect(() => bottom.current?.scrollIntoView?.({ block: 'end' }), [open?.messages.length, lastText]);

  const maxTokensValue = maxTokens.trim() === '' ? null : Number(maxTokens);
  const maxTokensInvalid = maxTokensValue !== null && !(Number.isInteger(maxTokensValue) && maxTokensValue > 0);

  // Where a message goes: the open conversation's own entry (looked up for its badge and tags;
  // it may have left the catalog, and is still used), or for a new chat the picker's choice.
  const openEntry = open ? (list?.catalog?.entries.find((e) => e.id === open.entryId) ?? null) : null;
  const target = open
    ? { id: open.entryId, name: openEntry?.name ?? open.entryName, entry: openEntry }
    : selected
      ? { id: selected.id, name: selected.name, entry: selected }
      : null;
  const otherSelected = open && selected && selected.id !== open.entryId ? selected : null;
  const profileGone = open !== null && openEntry === null && (deletedProfiles.has(open.entryId) || profileGoneFrom(open.entryId, list?.catalog));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || !target || maxTokensInvalid) return;
    const text = draft;
    const sent = await chat.send(selected, text, { system: system.trim() || null, maxTokens: maxTokensValue });
    if (sent) setDraft('');
  };

  const { send } = chat;
  const retry = useCallback(() => {
    const user = open?.messages[open.messages.length - 2];
    if (user?.role === 'user') void send(null, user.text, { system: system.trim() || null, maxTokens: maxTokensValue }, true);
  }, [open, send, system, maxTokensValue]);

  const totals = open ? conversationTotals(open.messages) : null;

  return (
    <div className="flex h-full min-h-0">
      <aside aria-label="Conversations" className="flex w-60 shrink-0 flex-col border-r border-line bg-surface">
        <button
          type="button"
          onClick={chat.newChat}
          className="m-2 flex items-center justify-center gap-1.5 rounded-md border border-line px-2 py-1.5 text-sm hover:bg-raised"
        >
          <LuPlus aria-hidden /> New chat
        </button>
        <ul className="min-h-0 flex-1 overflow-y-auto px-1 pb-2">
          {chat.conversations.map((c) => (
            <li key={c.id} className="group flex items-center">
              <button
                type="button"
                aria-current={c.id === chat.openId ? 'true' : undefined}
                onClick={() => chat.setOpenId(c.id)}
                className="min-w-0 flex-1 truncate rounded px-2 py-1.5 text-left text-sm hover:bg-raised aria-[current=true]:bg-raised"
                title={`${c.title} — ${c.entryName}`}
              >
                {c.title}
              </button>
              <button
                type="button"
                aria-label={`Delete ${c.title}`}
                onClick={() => void chat.remove(c.id)}
                className="invisible rounded p-1 text-muted group-hover:visible hover:text-danger focus:visible"
              >
                <LuTrash2 aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      </aside>

      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
        {open && totals && (
          <div className="flex items-center gap-2 border-b border-line px-4 py-1.5 text-xs text-muted" data-testid="conversation-totals">
            <span className="truncate font-medium text-ink">{open.title}</span>
            <span className="ml-auto">
              {totals.turns} {totals.turns === 1 ? 'answer' : 'answers'} · {totals.inputTokens} in · {totals.outputTokens} out tokens · {formatCost(totals.costUsd)}
              {totals.unpriced > 0 ? ` + ${totals.unpriced} unpriced` : ''}
            </span>
          </div>
        )}
        <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
          <div className="mx-auto flex max-w-3xl flex-col gap-4">
            {!open && (
              <div className="flex flex-col items-center gap-2 py-12 text-center">
                <LuBrainCircuit aria-hidden className="h-10 w-10 text-profile" />
                <h1 className="text-xl font-semibold">Chat with Amazon Bedrock</h1>
                <p className="max-w-md text-sm text-muted">
                  Pick a model — or an Application Inference Profile, so the conversation is billed to its project — in the
                  picker above (Ctrl+K), then write below.
                </p>
              </div>
            )}
            {open?.messages.map((m, i) => {
              const last = i === open.messages.length - 1;
              return (
                <MessageView
                  key={i}
                  message={m}
                  streaming={last && streaming?.conversationId === open.id}
                  onRetry={last && m.role === 'assistant' && m.outcome !== 'completed' && !busy ? retry : undefined}
                />
              );
            })}
            <div ref={bottom} />
          </div>
        </div>

        <form onSubmit={(e) => void submit(e)} className="border-t border-line bg-surface px-4 py-3" aria-label="Message">
          <div className="mx-auto flex max-w-3xl flex-col gap-2">
            {chat.error && (
              <ErrorNotice error={chat.error} profile={target?.entry?.kind === 'ApplicationProfile' ? target.id : null}>
                <button type="button" className="rounded border border-line px-2 py-1 text-xs" onClick={() => chat.setError(null)}>
                  Dismiss
                </button>
              </ErrorNotice>
            )}
            <div className="flex items-center gap-2 text-xs text-muted">
              {target ? (
                <span className="flex min-w-0 items-center gap-1.5" data-testid="chat-target">
                  To <span className="truncate font-medium text-ink">{target.name}</span>
                  {target.entry ? <EntryBadge entry={target.entry} /> : <span>(not in the model list now)</span>}
                  {target.entry?.kind === 'ApplicationProfile' && target.entry.tags && target.entry.tags.length > 0 && (
                    <span className="truncate">billed to {target.entry.tags.map((t) => `${t.key}=${t.value}`).join(', ')}</span>
                  )}
                </span>
              ) : (
                <span>Choose a model or profile in the picker first.</span>
              )}
              <details className="ml-auto shrink-0">
                <summary className="cursor-pointer">Options</summary>
                <div className="absolute right-4 bottom-24 z-20 grid w-80 gap-2 rounded-md border border-line bg-surface p-3 shadow-lg">
                  <label className="grid gap-1 text-xs">
                    System prompt
                    <textarea
                      value={system}
                      onChange={(e) => setSystem(e.target.value)}
                      rows={3}
                      className="rounded border border-line bg-canvas p-1.5 text-sm text-ink"
                    />
                  </label>
                  <label className="grid gap-1 text-xs">
                    Max tokens
                    <input
                      value={maxTokens}
                      inputMode="numeric"
                      onChange={(e) => setMaxTokens(e.target.value)}
                      placeholder="the model's default"
                      aria-invalid={maxTokensInvalid ? true : undefined}
                      className="rounded border border-line bg-canvas p-1.5 text-sm text-ink aria-invalid:border-danger"
                    />
                  </label>
                  {maxTokensInvalid && <p className="text-xs text-danger">Max tokens must be a whole number above 0.</p>}
                </div>
              </details>
            </div>
            {profileGone && open && (
              <div role="status" className="flex flex-wrap items-center gap-2 rounded-md border border-demo/40 bg-demo-soft px-3 py-2 text-xs text-demo" data-testid="profile-gone">
                <span className="font-medium">The profile this conversation used was deleted.</span>
                <span>A new message to it would fail: go on with another model or profile.</span>
                {otherSelected ? (
                  <button
                    type="button"
                    onClick={() => {
                      chat.retarget(open.id, { id: otherSelected.id, name: otherSelected.name });
                      box.current?.focus();
                    }}
                    className="rounded border border-line bg-surface px-2 py-0.5 text-ink hover:bg-raised"
                  >
                    Continue this conversation with {otherSelected.name}
                  </button>
                ) : null}
                <button type="button" onClick={openPicker} className="rounded border border-line bg-surface px-2 py-0.5 text-ink hover:bg-raised">
                  Choose another model or profile
                </button>
              </div>
            )}
            {otherSelected && target && (
              <p role="status" className="flex flex-wrap items-center gap-2 text-xs text-muted" data-testid="entry-notice">
                <span>
                  This chat uses <span className="font-medium text-ink">{target.name}</span>.
                </span>
                <button
                  type="button"
                  onClick={() => {
                    chat.newChat();
                    box.current?.focus();
                  }}
                  className="rounded border border-line px-2 py-0.5 text-ink hover:bg-raised"
                >
                  Start a new chat with {otherSelected.name}
                </button>
              </p>
            )}
            <div className="flex items-end gap-2">
              <textarea
                ref={box}
                aria-label="Message"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault();
                    void submit();
                  } else if (e.key === 'Escape' && busy) {
                    e.preventDefault();
                    void chat.stop();
                  }
                }}
                rows={2}
                placeholder={target ? 'Write a message (Enter sends, Shift+Enter for a new line)' : 'Choose a model first'}
                className="min-h-[2.5rem] flex-1 resize-y rounded-md border border-line bg-canvas px-3 py-2 text-sm"
              />
              {busy ? (
                <button
                  type="button"
                  onClick={() => void chat.stop()}
                  aria-disabled={streaming.stopping ? true : undefined}
                  aria-keyshortcuts="Escape"
                  className="flex items-center gap-1 rounded-md border border-line px-3 py-2 text-sm aria-disabled:opacity-50"
                  aria-label={streaming.stopping ? 'Stopping' : 'Stop'}
                >
                  <LuSquare aria-hidden /> {streaming.stopping ? 'Stopping…' : 'Stop'}
                </button>
              ) : (
                <button
                  type="submit"
                  disabled={!target || draft.trim() === '' || maxTokensInvalid}
                  className="flex items-center gap-1 rounded-md bg-accent px-3 py-2 text-sm text-accent-ink disabled:opacity-50"
                  aria-label="Send"
                >
                  <LuSend aria-hidden /> Send
                </button>
              )}
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
