// One message. Answers are Markdown, rendered without any raw HTML (a model cannot inject markup
// or scripts), with their usage, how they ended, and copy / retry.
import { useState } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { LuCheck, LuCopy, LuRotateCcw } from 'react-icons/lu';
import type { StoredMessage } from '../bindings';
import { copyText } from '../picker/ProfileTooltip';
import { formatUsage } from './format';

// Links and images from a model must not navigate the app window or load anything: a link shows
// its address, an image its description.
const SAFE: Components = {
  a: ({ href, children }) => (
    <span className="underline decoration-dotted" title={href ?? undefined}>
      {children}
    </span>
  ),
  img: ({ alt }) => <span className="text-muted">[image{alt ? `: ${alt}` : ''}]</span>,
};

export function MessageView(props: { message: StoredMessage; streaming: boolean; onRetry?: () => void }) {
  const { message, streaming } = props;
  const [copied, setCopied] = useState(false);
  if (message.role === 'user') {
    return (
      <div className="flex justify-end" data-role="user">
        <div className="max-w-[80%] rounded-lg bg-accent px-3 py-2 text-sm whitespace-pre-wrap text-accent-ink">{message.text}</div>
      </div>
    );
  }
  const cut = message.stopReason === 'max_tokens';
  return (
    <article className="group" data-role="assistant" aria-busy={streaming} aria-label="Answer">
      <div className="prose-chat text-sm leading-relaxed">
        {message.text ? (
          <Markdown skipHtml components={SAFE}>
            {message.text}
          </Markdown>
        ) : streaming ? (
          <p className="text-muted">Waiting for the first words…</p>
        ) : null}
      </div>
      {message.outcome === 'interrupted' && (
        <p className="mt-1 text-xs text-demo" data-status="interrupted">
          Stopped — the answer above is partial.
        </p>
      )}
      {cut && (
        <p className="mt-1 text-xs text-demo" data-status="max-tokens">
          Cut at the max-token limit: raise Max tokens in the chat options for a longer answer.
        </p>
      )}
      {message.error && (
        <div role="alert" className="mt-2 rounded-md border border-danger/40 bg-danger/5 p-2 text-sm">
          <p className="text-danger">{message.error}</p>
          {props.onRetry && (
            <button type="button" onClick={props.onRetry} className="mt-1 flex items-center gap-1 rounded bg-accent px-2 py-1 text-xs text-accent-ink">
              <LuRotateCcw aria-hidden /> Retry
            </button>
          )}
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
