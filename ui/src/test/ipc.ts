// Test helper: a fake backend behind Tauri's real IPC mock, recording every command call.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type { AppInfo } from '../bindings';
import type { Command } from '../ipc';

export const demoInfo: AppInfo = {
  version: '0.1.0',
  buildProfile: 'debug',
  tauriVersion: '2.12.5',
  logDir: '/home/u/.local/share/io.strata.desktop/logs',
  logFile: '/home/u/.local/share/io.strata.desktop/logs/strata.2026-11-25.log',
  demoMode: true,
  pricesProblem: null,
  storageNotice: null,
};

export type Handler = (args: Record<string, unknown> | undefined) => unknown;
/** Fake commands, by name: only commands the backend has (a typo does not compile). */
export type Handlers = Partial<Record<Command, Handler>>;

/** Installs the fake backend; returns the list of calls it receives. */
export function fakeBackend(handlers: Handlers) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockWindows('main');
  mockIPC(
    (cmd, args) => {
      // Event plumbing is handled by the mock itself when shouldMockEvents is on.
      if (!cmd.startsWith('plugin:event|')) calls.push({ cmd, args });
      const handler = handlers[cmd as Command];
      if (!handler) throw new Error(`unexpected command ${cmd}`);
      return handler(args as Record<string, unknown> | undefined);
    },
    { shouldMockEvents: true },
  );
  return calls;
}
