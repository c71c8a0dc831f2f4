import { emit } from '@tauri-apps/api/event';
import { describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../bindings';
import { APP_EVENT } from '../ipc';
import { fakeBackend } from '../test/ipc';
import { forwardBackendLogs, printLine } from './console';

const line = (seq: number, message: string, extra: Partial<LogLine> = {}): LogLine => ({
  seq,
  timeMs: 0,
  level: 'info',
  area: 'inference-profile',
  message,
  fields: [],
  ...extra,
});

describe('backend logs in the console', () => {
  it('prefixes the area and passes structured fields as an object', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    printLine(line(1, 'loaded profiles', { fields: [['count', '5'], ['region', 'ap-northeast-1']] }));
    printLine(line(2, 'refresh failed', { level: 'error', area: 'catalog' }));
    expect(info).toHaveBeenCalledWith('[inference-profile] loaded profiles', { count: '5', region: 'ap-northeast-1' });
    expect(error).toHaveBeenCalledWith('[catalog] refresh failed');
  });

  it('replays earlier lines, then live ones, in order and without repeats', async () => {
    const replay: { release?: (lines: LogLine[]) => void } = {};
    fakeBackend({ recent_logs: () => new Promise<LogLine[]>((resolve) => (replay.release = resolve)) });
    const printed: string[] = [];
    const started = forwardBackendLogs((l) => printed.push(l.message));
    await vi.waitFor(() => expect(replay.release).toBeDefined());

    // A live line arrives while the replay is still on its way; the replay also contains it.
    await emit(APP_EVENT, { type: 'log', line: line(3, 'three') });
    replay.release?.([line(1, 'one'), line(2, 'two'), line(3, 'three')]);
    const stop = await started;
    await emit(APP_EVENT, { type: 'log', line: line(4, 'four') });
    await emit(APP_EVENT, { type: 'menu', action: 'about' });

    expect(printed).toEqual(['one', 'two', 'three', 'four']);
    stop();
    await emit(APP_EVENT, { type: 'log', line: line(5, 'five') });
    expect(printed).toHaveLength(4);
  });
});
