// The shared process helpers, on real processes and sockets (no app or display needed).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, test } from 'node:test';
import { exited, findApp, freePort, homeEnv, processTree, signalGroup, startedAt, stopGroup, until, waitForPort } from './process.mjs';

const started = [];
after(() => started.forEach((c) => signalGroup(c, 'SIGKILL')));

/** `sh` in its own process group, with a `sleep` child under it. */
function shellWithChild(env = {}) {
  const child = spawn('sh', ['-c', 'sleep 30 & wait'], { env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
  started.push(child);
  return child;
}

test('homeEnv keeps HOME, the XDG folders and the AWS files under the home', () => {
  const env = homeEnv('/tmp/h');
  assert.deepEqual(env, {
    HOME: '/tmp/h',
    XDG_CONFIG_HOME: '/tmp/h/.config',
    XDG_DATA_HOME: '/tmp/h/.local/share',
    XDG_CACHE_HOME: '/tmp/h/.cache',
    XDG_STATE_HOME: '/tmp/h/.local/state',
    AWS_CONFIG_FILE: '/tmp/h/.aws/config',
    AWS_SHARED_CREDENTIALS_FILE: '/tmp/h/.aws/credentials',
  });
});

test('waitForPort returns once a server listens on the free port', async () => {
  const port = await freePort();
  const server = createServer();
  const child = shellWithChild();
  setTimeout(() => server.listen(port, '127.0.0.1'), 300);
  try {
    await waitForPort(port, child, { timeoutMs: 30_000 });
  } finally {
    server.close();
    signalGroup(child, 'SIGKILL');
  }
});

test('waitForPort fails early, naming the process, when it has exited', async () => {
  const port = await freePort();
  const child = spawn('true', { stdio: 'ignore' });
  await exited(child);
  await assert.rejects(waitForPort(port, child, { name: 'WebKitWebDriver' }), /WebKitWebDriver exited early with code 0/);
});

test('processTree, findApp and startedAt see a process and its child; stopGroup ends both', async () => {
  const home = `/tmp/strata-process-test-${process.pid}`;
  const before = Date.now();
  const child = shellWithChild({ HOME: home });
  const tree = await until(() => (processTree(child.pid).length === 2 ? processTree(child.pid) : null), 'the sleep child');
  assert.equal(tree[0], child.pid);
  assert.equal(findApp(realpathSync('/bin/sh'), home), child.pid);
  const at = startedAt(child.pid);
  // The kernel counts in clock ticks; allow for them and for the boot time's rounding.
  assert.ok(at >= before - 1_000 && at <= Date.now() + 1_000, `started at ${at}, spawned at ${before}`);
  await stopGroup(child, tree);
  assert.notEqual(child.exitCode ?? child.signalCode, null);
  await until(() => !processAlive(tree[1]), 'the sleep child to end');
});

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
