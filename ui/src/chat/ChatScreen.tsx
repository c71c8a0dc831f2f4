// The chat: saved conversations on the left, the open one in the middle, the composer below.
// A new chat goes to the entry chosen in the picker (an application profile's ARN bills it to the
// profile's tags) and stays with it: choosing another entry later never moves a conversation to
// another bill. Each answer's tokens, latency and estimated cost show under it.
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent } from 'react';
import { LuBrainCircuit, LuPaperclip, LuPlus, LuSend, LuSquare, LuTrash2 } from 'react-icons/lu';
import type { Attachment, Catalog, IpcError } from '../bindings';
import { useCatalog } from '../catalog/store';
import { EntryBadge } from '../picker/EntryParts';
import { ErrorNotice } from '../shell/ErrorNotice';
import { useAppStore } from '../store';
import { ACCEPT, attachmentProblem, readAttachment } from './attachments';
import { PendingAttachments } from './AttachmentParts';
import { DEFAULT_PARAMETERS, reasoningBudget, useChatFeatures } from './features';
import { conversationTotals, formatCacheTotals, formatCost } from './format';
import { MessageView } from './MessageView';
import { effectiveParameters, OptionsPanel, optionsProblem, type Options } from './OptionsPanel';
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
  const { selected, list, settings } = useCatalog();
  const { deletedProfiles } = useAppStore();
  const chat = useChatStore();
  const { open, streaming, draft, setDraft, pending, setPending } = chat;
  const [options, setOptions] = useState<Options>({ system: '', maxTokens: '', parameters: DEFAULT_PARAMETERS });
  const fileInput = useRef<HTMLInputElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const busy = streaming !== null;

  // The options follow the conversation that is opened, not every change inside it.
  const openId = open?.id;
  const openSystem = open?.system ?? '';
  const openMaxTokens = open?.maxTokens ? String(open.maxTokens) : '';
  const openParameters = open?.parameters ?? DEFAULT_PARAMETERS;
  const shownFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (shownFor.current === openId) return;
    shownFor.current = openId;
    setOptions({ system: openSystem, maxTokens: openMaxTokens, parameters: openParameters });
  }, [openId, openSystem, openMaxTokens, openParameters]);

  const lastText = open?.messages[open.messages.length - 1]?.text;
  useEffect(() => bottom.current?.scrollIntoView?.({ block: 'end' }), [open?.messages.length, lastText]);


  // Where a message goes: the open conversation's own entry (looked up for its badge and tags;
  // it may have left the catalog, and is still used), or for a new chat the picker's choice.
  const openEntry = open ? (list?.catalog?.entries.find((e) => e.id === open.entryId) ?? null) : null;
  const target = open
    ? { id: open.entryId, name: openEntry?.name ?? open.entryName, entry: openEntry }
    : selected
      ? { id: selected.id, name: selected.name, entry: selected }
      : null;
  const otherSelected = open && selected && selected.id !== open.entryId ? selected : null;
  const features = useChatFeatures(target?.id ?? null);
  const modelFeatures = features?.features ?? null;
  const problem = optionsProblem(options, modelFeatures);
  const promptCache = settings?.settings.promptCaching ?? true;
  const profileGone = open !== null && openEntry === null && (deletedProfiles.has(open.entryId) || profileGoneFrom(open.entryId, list?.catalog));

  const { send, setError } = chat;
  const sendOptions = useCallback(
    (attachments: Attachment[]) => {
      const parameters = effectiveParameters(options.parameters, modelFeatures);
      return {
        system: options.system.trim() || null,
        maxTokens: options.maxTokens.trim() === '' ? null : Number(options.maxTokens),
        parameters,
        chosen: options.parameters,
        reasoningBudget: reasoningBudget(parameters.reasoning, modelFeatures),
        promptCache,
        attachments,
      };
    },
    [options, modelFeatures, promptCache],
  );
  const refuse = useCallback((message: string) => setError({ kind: 'Validation', message, hint: null } satisfies IpcError), [setError]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || !target || problem) return;
    const text = draft;
    // Checked here as the backend would: the message names the file and the limit, and the
    // draft and its attachments stay.
    // A model Strata does not know (`known: false`) is not assumed text-only: Bedrock decides.
    const refused = attachmentProblem(pending, text, modelFeatures?.known ? modelFeatures : null);
    if (refused) {
      refuse(refused);
      return;
    }
    const sent = await chat.send(selected, text, sendOptions(pending));
    if (sent) {
      setDraft('');
      setPending(() => []);
    }
  };

  const retry = useCallback(() => {
    const user = open?.messages[open.messages.length - 2];
    if (user?.role === 'user') void send(null, user.text, sendOptions(user.attachments), true);
  }, [open, send, sendOptions]);

  const attach = async (files: readonly File[]) => {
    const read = await Promise.all(files.map((f) => readAttachment(f)));
    const ok = read.filter((r) => typeof r !== 'string');
    const bad = read.filter((r) => typeof r === 'string');
    if (ok.length > 0) setPending((list) => [...list, ...ok]);
    if (bad.length > 0) refuse(bad.join(' '));
  };
  const onPaste = (e: ClipboardEvent) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void attach(files);
  };
  const onDrop = (e: DragEvent) => {
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void attach(files);
  };

  const totals = open ? conversationTotals(open.messages) : null;
  const cacheTotals = totals ? formatCacheTotals(totals) : null;

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
              {totals.turns} {totals.turns === 1 ? 'answer' : 'answers'} · {totals.inputTokens} in · {totals.outputTokens} out tokens ·{' '}
              {totals.unpriced === totals.turns ? 'cost unknown' : formatCost(totals.costUsd)}
              {totals.unpriced > 0 && totals.unpriced < totals.turns ? ` + ${totals.unpriced} unpriced` : ''}
              {cacheTotals ? ` · ${cacheTotals}` : ''}
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

        <form
          onSubmit={(e) => void submit(e)}
          onDragOver={(e) => {
            if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
          }}
          onDrop={onDrop}
          className="relative border-t border-line bg-surface px-4 py-3"
          aria-label="Message"
        >
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
              <div className="relative ml-auto">
                <OptionsPanel options={options} onChange={setOptions} features={features} />
              </div>
            </div>
            {problem && (
              <p role="alert" className="text-xs text-danger" data-testid="options-problem">
                {problem}
              </p>
            )}
            <PendingAttachments attachments={pending} onRemove={(i) => setPending((list) => list.filter((_, j) => j !== i))} />
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
              <input
                ref={fileInput}
                type="file"
                multiple
                accept={ACCEPT}
                hidden
                data-testid="attach-input"
                onChange={(e) => {
                  const files = Array.from(e.target.files ?? []);
                  e.target.value = '';
                  void attach(files);
                }}
              />
              <button
                type="button"
                aria-label="Attach files"
                title="Attach images or documents (or drop or paste them here)"
                onClick={() => fileInput.current?.click()}
                className="rounded-md border border-line p-2 text-muted hover:bg-raised hover:text-ink"
              >
                <LuPaperclip aria-hidden />
              </button>
              <textarea
                ref={box}
                aria-label="Message"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onPaste={onPaste}
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
                  disabled={!target || (draft.trim() === '' && pending.length === 0) || problem !== null}
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
