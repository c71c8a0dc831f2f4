import { describe, expect, it } from 'vitest';
import { IPC_ERROR_KINDS } from './bindings';
import { toIpcError } from './ipc';

describe('toIpcError', () => {
  it('keeps a typed error from the backend', () => {
    expect(toIpcError({ kind: 'Throttled', message: 'slow down', hint: 'wait a moment' })).toEqual({
      kind: 'Throttled',
      message: 'slow down',
      hint: 'wait a moment',
    });
  });

  it('treats a plain string (e.g. a denied permission) as an internal error', () => {
    expect(toIpcError('open_devtools not allowed')).toEqual({
      kind: 'Internal',
      message: 'open_devtools not allowed',
      hint: null,
    });
  });

  it('does not trust an unknown kind', () => {
    expect(toIpcError({ kind: 'Whatever', message: 'x' }).kind).toBe('Internal');
  });

  it('keeps every kind the backend has', () => {
    expect(IPC_ERROR_KINDS).toContain('NoCredentials');
    for (const kind of IPC_ERROR_KINDS) expect(toIpcError({ kind, message: 'm', hint: null }).kind).toBe(kind);
  });
});
