// Process and environment helpers shared by the end-to-end harness (harness.mjs) and the UI
// benchmark (scripts/bench-ui.mjs): an isolated home, loopback ports, process groups and trees.
// Not a test file (node --test runs only *.test.mjs here).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The environment that keeps an app started by a test or benchmark in `home`: its own HOME and
 * XDG folders, and no AWS settings from the machine running it.
 */
export function homeEnv(home) {
  return {
    ...xdgEnv(home),
    AWS_CONFIG_FILE: join(home, '.aws/config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
  };
}

/** HOME and the XDG base folders under `home` (the ones to create before a start). */
export function xdgEnv(home) {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
  };
}

/** A port nobody listens on right now, on 127.0.0.1. */
export async function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

/** Waits until something listens on 127.0.0.1:`port`; fails early if `child` (named `name`) exits. */
export async function waitForPort(port, child, { name = 'tauri-driver', timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early with code ${child.exitCode}`);
    const open = await new Promise((res) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        res(true);
      });
      socket.on('error', () => res(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Sends `signal` to the process group of `child` (spawned with `detached: true`), if it still exists. */
export function signalGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves when `child` has exited (at once if it has). */
export function exited(child) {
  return child.exitCode !== null ? Promise.resolve() : new Promise((res) => child.once('exit', res));
}

/** Ends a process group we started, and anything of `tree` that outlived it. */
export async function stopGroup(child, tree) {
  const done = exited(child);
  signalGroup(child, 'SIGTERM');
  await Promise.race([done, sleep(5_000)]);
  for (const p of tree) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
}

/** Polls `check` every 100 ms until it returns a truthy value; a thrown error ends the wait. */
export async function until(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// --- process trees, read from /proc ----------------------------------------------------------

/** `pid` and every process below it. */
export function processTree(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    tree.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return tree;
}

/** The command name of `pid`, or '' when it is gone. */
export function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The process running `exe` with HOME=`home` (the app tauri-driver started for us). */
export function findApp(exe, home) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) !== exe) continue;
      if (readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(`HOME=${home}`)) return Number(d);
    } catch {
      // not ours to read, or gone
    }
  }
  throw new Error(`no ${exe} process with HOME=${home}`);
}

let clockTicks;

/** When `pid` started, in epoch milliseconds (the kernel counts in clock ticks: 10 ms here). */
export function startedAt(pid) {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - (uptime - ticks / clockTicks) * 1000;
}
