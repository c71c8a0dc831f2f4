// Drives the real Strata window: tauri-driver (which runs Debian's WebKitWebDriver) on a free
// loopback port, a fresh HOME and XDG folders per app, and screenshots saved as artifacts.
// Run under a display (`xvfb-run -a`); STRATA_APP names the binary (built with custom-protocol).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';
import { exited, freePort, homeEnv, signalGroup, waitForPort, xdgEnv } from './process.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
export const APP = resolve(ROOT, process.env.STRATA_APP ?? 'target/debug/strata');

// The app's processes, by their command line (the binary under test, with or without arguments).
const APP_PATTERN = `^${APP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`;

function appRunning() {
  return spawnSync('pgrep', ['-f', APP_PATTERN]).status === 0;
}

/**
 * Waits until no instance of the app runs, killing one that outlives its driver: one window runs at
 * a time, so a lingering instance would take the next test's launch as its second one and end it.
 */
async function noAppRunning() {
  for (const signal of [null, 'KILL']) {
    if (signal) spawnSync('pkill', [`-${signal}`, '-f', APP_PATTERN]);
    const deadline = Date.now() + 10_000;
    while (appRunning() && Date.now() < deadline) await sleep(100);
    if (!appRunning()) return;
  }
  throw new Error(`${APP} is still running after SIGKILL`);
}

/**
 * Starts the app in a fresh home. Returns the WebdriverIO browser, the folders it uses, and stop().
 * `home` may be passed to start again on the same data (a restart).
 */
export async function startApp({ args = [], env = {}, home } = {}) {
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run the e2e suite under xvfb-run -a');
  await noAppRunning();
  const dir = home ?? mkdtempSync(join(tmpdir(), 'strata-e2e-'));
  const xdg = xdgEnv(dir);
  for (const d of Object.values(xdg)) mkdirSync(d, { recursive: true });

  const port = await freePort();
  const nativePort = await freePort();
  const driverLog = [];
  const appEnv = {
    // Its own HOME and XDG folders; no AWS settings from the machine running the tests.
    ...homeEnv(dir),
    // Not WEBKIT_DISABLE_DMABUF_RENDERER: with it, WebKitWebDriver's screenshot hangs once the page
    // has been idle for a moment (WebKitGTK 2.50 under Xvfb).
    STRATA_LOG: 'info',
    ...env,
  };
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...appEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  driver.stdout.on('data', (b) => driverLog.push(String(b)));
  driver.stderr.on('data', (b) => driverLog.push(String(b)));

  const killDriver = () => signalGroup(driver, 'SIGTERM');

  let browser;
  try {
    await waitForPort(port, driver);
    // tauri-driver starts WebKitWebDriver itself and forwards the session to it at once: wait until
    // that one listens too, or a quick session request meets a refused connection.
    await waitForPort(nativePort, driver);
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      connectionRetryCount: 0,
      capabilities: {
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application: APP, args },
      },
    });
  } catch (e) {
    killDriver();
    throw new Error(`could not start ${APP} through tauri-driver: ${e.message}\n${driverLog.join('')}`, {
      cause: e,
    });
  }

  return {
    browser,
    home: dir,
    /** The environment the app runs with (on top of the test's own). */
    env: appEnv,
    logDir: join(xdg.XDG_DATA_HOME, 'io.strata.desktop/logs'),
    driverLog,
    /** Ends the session (closing the app) and the driver; `keepHome` leaves the data for a restart. */
    async stop({ keepHome = false } = {}) {
      try {
        await browser.deleteSession();
      } catch {
        // the app may already be gone; the driver's group is killed below either way
      }
      killDriver();
      await exited(driver);
      await noAppRunning();
      if (!keepHome) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Saves a PNG of the window under tests/e2e/artifacts/. */
export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function eventually(check, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
