// One message. Answers are GitHub-flavoured Markdown (tables, strikethrough, task lists, autolinks),
// rendered without any raw HTML (a model cannot inject markup or scripts), with their usage, how they ended, and copy / retry. Formatting never costs the
// text: an answer nested too deeply for the parser, or one the parser fails on, shows as plain text.
// An answer's reasoning shows in a collapsible block above it; a user message shows its
// attachments (images as thumbnails from their own bytes, documents as chips).
import { Component, createContext, memo, Profiler, useContext, useMemo, useState, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { LuCheck, LuChevronDown, LuChevronRight, LuCopy, LuRotateCcw } from 'react-icons/lu';
import type { Reasoning, StoredMessage } from '../bindings';
import { copyText } from '../picker/ProfileTooltip';
import { ErrorNotice } from '../shell/ErrorNotice';
import { SentAttachments } from './AttachmentParts';
import { formatUsage, tokens } from './format';
import { splitBlocks, tooDeep } from './markdown';

// Links and images from a model must not navigate the app window or load anything: a link shows
// its address, an image its description.
const SAFE: Components = {
  a: ({ href, children }) => (
    <span className="underline decoration-dotted" title={href ?? undefined}>
      {children}
    </span>
  ),
  img: ({ alt }) => <span className="text-muted">[image{alt ? `: ${alt}` : ''}]</span>,
  // A wide table scrolls sideways inside the bubble instead of widening it.
  table: ({ children }) => (
    <div className="max-w-full overflow-x-auto" data-testid="table-scroll">
      <table>{children}</table>
    </div>
  ),
};

const PLUGINS = [remarkGfm];

/** What the plain-text fallback says about itself. */
export const PLAIN_NOTE = 'shown as plain text: too deeply nested to format';

/** Told of every render of a message (tests use it to see which messages re-render). */
export const RenderProbe = createContext<((message: StoredMessage) => void) | null>(null);

function PlainText({ text }: { text: string }) {
  return (
    <div data-format="plain">
      <pre className="plain-text">{text}</pre>
      <p className="text-xs text-muted">{PLAIN_NOTE}</p>
    </div>
  );
}

// One top-level block of an answer: parsed once, unless its own text changes.
const Block = memo(function Block({ source }: { source: string }) {
  if (tooDeep(source)) return <PlainText text={source} />;
  return (
    <Markdown skipHtml remarkPlugins={PLUGINS} components={SAFE}>
      {source}
    </Markdown>
  );
});

// While an answer streams only its last block changes, so only that block is parsed again.
const Answer = memo(function Answer({ text }: { text: string }) {
  const blocks = useMemo(() => splitBlocks(text), [text]);
  return blocks.map((source, i) => <Block key={i} source={source} />);
});

/** The last resort when formatting throws anyway: the whole text, plain; the app stays up. */
export class PlainOnError extends Component<{ text: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.warn('[chat] an answer could not be formatted; shown as plain text', { error: String(error), chars: this.props.text.length });
  }

  override render() {
    return this.state.failed ? <PlainText text={this.props.text} /> : this.props.children;
  }
}

const STATUS = {
  interrupted: { key: 'interrupted', text: 'Stopped — the answer above is partial.' },
  endedEarly: { key: 'ended-early', text: 'The answer ended early — it may be incomplete.' },
  unfinished: { key: 'unfinished', text: 'The app closed before this answer finished.' },
} as const;

/**
 * The model's reasoning above its answer: open while it streams, collapsed once the answer
 * begins or the turn ends (the user may open or close it any time).
 */
function ReasoningBlock(props: { reasoning: Reasoning; live: boolean; tokenCount: number | null }) {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? props.live;
  const { reasoning } = props;
  const redacted = reasoning.redacted.length;
  return (
    <div className="mb-2 rounded-md border border-line bg-surface text-xs" data-testid="reasoning">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setChosen(!open)}
        className="flex w-full items-center gap-1 px-2 py-1 text-left text-muted hover:text-ink"
      >
        {open ? <LuChevronDown aria-hidden /> : <LuChevronRight aria-hidden />}
        <span className="font-medium">Reasoning</span>
        {props.live && <span>…</span>}
        {props.tokenCount !== null && <span>· {tokens(props.tokenCount)} tokens</span>}
        {redacted > 0 && <span>· {redacted} encrypted {redacted === 1 ? 'part' : 'parts'}</span>}
      </button>
      {open && (
        <div className="border-t border-line px-2 py-1.5 whitespace-pre-wrap text-muted wrap-anywhere" data-testid="reasoning-text">
          {reasoning.text || (redacted > 0 ? 'The provider encrypted this reasoning; it is kept and sent back as it came.' : '…')}
        </div>
      )}
    </div>
  );
}

function MessageBody(props: { message: StoredMessage; streaming: boolean; onRetry?: (() => void) | undefined }) {
  const { message, streaming } = props;
  const [copied, setCopied] = useState(false);
  if (message.role === 'user') {
    return (
      <div className="flex min-w-0 flex-col items-end gap-1" data-role="user">
        <SentAttachments attachments={message.attachments} />
        {message.text && (
          <div className="max-w-[80%] min-w-0 rounded-lg bg-accent px-3 py-2 text-sm whitespace-pre-wrap wrap-anywhere text-accent-ink" data-testid="user-text">
            {message.text}
          </div>
        )}
      </div>
    );
  }
  const outcome = message.outcome;
  const cut = message.stopReason === 'max_tokens';
  const status =
    outcome === 'interrupted' ? STATUS.interrupted : outcome === 'endedEarly' ? STATUS.endedEarly : outcome === null && !streaming ? STATUS.unfinished : null;
  const retry = props.onRetry && (
    <button type="button" onClick={props.onRetry} className="flex items-center gap-1 rounded bg-accent px-2 py-1 text-xs text-accent-ink">
      <LuRotateCcw aria-hidden /> Retry
    </button>
  );
  return (
    <article className="group min-w-0" data-role="assistant" aria-busy={streaming} aria-label="Answer">
      {message.reasoning && (message.reasoning.text || message.reasoning.redacted.length > 0) && (
        <ReasoningBlock reasoning={message.reasoning} live={streaming && message.text === ''} tokenCount={message.usage?.reasoningTokens ?? null} />
      )}
      <div className="prose-chat text-sm leading-relaxed" data-testid="answer-text">
        {message.text ? (
          <PlainOnError text={message.text}>
            <Answer text={message.text} />
          </PlainOnError>
        ) : streaming && !message.reasoning ? (
          <p className="text-muted">Waiting for the first words…</p>
        ) : null}
      </div>
      {status && (
        <div className="mt-1 flex items-center gap-2 text-xs text-demo" data-status={status.key}>
          <p>{status.text}</p>
          {!message.error && retry}
        </div>
      )}
      {cut && (
        <p className="mt-1 text-xs text-demo" data-status="max-tokens">
          Cut at the max-token limit: raise Max tokens in the chat options for a longer answer.
        </p>
      )}
      {message.error && (
        <div className="mt-2 wrap-anywhere">
          <ErrorNotice error={message.error}>{retry}</ErrorNotice>
        </div>
      )}
      <div className="mt-1 flex items-center gap-3 text-xs text-muted">
        {message.usage && <span data-testid="usage">{formatUsage(message.usage)}</span>}
        {!streaming && message.text && (
          <button
            type="button"
            aria-label="Copy answer"
            onClick={() => copyText(message.text).then(() => setCopied(true), () => setCopied(false))}
            className="flex items-center gap-1 rounded px-1 hover:bg-raised hover:text-ink"
          >
            {copied ? <LuCheck aria-hidden /> : <LuCopy aria-hidden />} {copied ? 'Copied' : 'Copy'}
          </button>
        )}
      </div>
    </article>
  );
}

function ProbedMessage(props: { message: StoredMessage; streaming: boolean; onRetry?: (() => void) | undefined }) {
  const probe = useContext(RenderProbe);
  if (!probe) return <MessageBody {...props} />;
  return (
    <Profiler id="message" onRender={() => probe(props.message)}>
      <MessageBody {...props} />
    </Profiler>
  );
}

/**
 * A message, rendered again only when its own props change: while an answer streams, earlier
 * messages keep their rendering (the parent passes the same message objects and a stable or
 * absent `onRetry`).
 */
export const MessageView = memo(ProbedMessage);
