// Prints the backend's log lines in the developer-tools console, each prefixed by its area
// (`[inference-profile] loaded 5 profiles`), so one area is easy to filter. Lines logged before
// the page loaded are replayed once; `seq` keeps replayed and live lines in order without repeats.
import type { LogLevel, LogLine } from '../bindings';
import { onAppEvent, recentLogs } from '../ipc';

const METHOD: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = {
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
};

/** Prints one line the way the console shows backend logs. */
export function printLine(line: LogLine): void {
  const text = `[${line.area}] ${line.message}`;
  if (line.fields.length === 0) {
    console[METHOD[line.level]](text);
  } else {
    console[METHOD[line.level]](text, Object.fromEntries(line.fields));
  }
}

/** Starts forwarding; resolves to a function that stops it. */
export async function forwardBackendLogs(print: (line: LogLine) => void = printLine): Promise<() => void> {
  let lastSeq = 0;
  let pending: LogLine[] | null = [];
  const emit = (line: LogLine) => {
    if (line.seq <= lastSeq) return;
    lastSeq = line.seq;
    print(line);
  };
  // Listen first so nothing logged during the replay is lost; hold live lines until it is done.
  const unlisten = await onAppEvent((event) => {
    if (event.type !== 'log') return;
    if (pending) pending.push(event.line);
    else emit(event.line);
  });
  try {
    const replay = await recentLogs();
    const held = pending;
    pending = null;
    [...replay, ...held].sort((a, b) => a.seq - b.seq).forEach(emit);
  } catch (e) {
    const held = pending ?? [];
    pending = null;
    held.forEach(emit);
    console.warn('[app] could not replay earlier backend logs', e);
  }
  return unlisten;
}
