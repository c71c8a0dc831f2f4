// scripts/bench ui, the window parts, run under Xvfb by `scripts/bench ui`:
//   - start time: from the strata process's start to the first frame in which the picker button
//     shows the selected application profile out of the cached 2,000-entry catalog, beside the
//     minimal Tauri window's first contentful paint and Strata's own (the shell header), same run;
//   - idle memory: PSS of the app process and all its descendants (WebKit's web and network
//     processes) beside the minimal Tauri window's, launched the same way in the same run; also
//     Strata with the demo's own small catalog, to tell the app's share from the entries'.
// It also prints the filter figures from the Vitest bench (`--filter-json`) in the same table.
//
//   node scripts/bench-ui.mjs --app BIN --baseline BIN --emulator BIN [--entries N] [--starts N]
//        [--launches N] [--idle S] [--filter-json FILE] [--build NAME] [--markdown FILE]
//
// `session` (internal) runs one WebDriver session of the app named by STRATA_APP and prints JSON.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { commOf, findApp, homeEnv, processTree, startedAt, stopGroup, until } from '../tests/e2e/process.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = 'io.strata.desktop';
const REGION = 'ap-northeast-1';
// The emulator checks only that a SigV4 header names the region in its credential scope.
const AUTH =
  `AWS4-HMAC-SHA256 Credential=bench/20250101/${REGION}/bedrock/aws4_request, SignedHeaders=host, Signature=0`;
const TAGS_LOADED = 'loaded profile tags';

const say = (msg) => process.stderr.write(`    ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// --- processes -------------------------------------------------------------------------------

/**
 * Proportional set size of `pid` and its descendants, in KiB, with each process's share; also
 * the unique set size (private pages), which other programs mapping the same libraries (another
 * WebKit app running meanwhile) do not change.
 */
function treePss(pid) {
  const parts = [];
  for (const p of processTree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
      parts.push({ pid: p, name: commOf(p), kib: field('Pss'), uss: field('Private_Clean') + field('Private_Dirty') });
    } catch {
      // gone meanwhile
    }
  }
  const sum = (key) => parts.reduce((total, part) => total + part[key], 0);
  return { kib: sum('kib'), uss: sum('uss'), parts };
}

function logHas(logDir, text) {
  if (!existsSync(logDir)) return false;
  return readdirSync(logDir).some((f) => readFileSync(join(logDir, f), 'utf8').includes(text));
}

// --- the catalog -----------------------------------------------------------------------------

const PROJECTS = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Atlas', 'Orion', 'Nova', 'Zephyr', 'Apollo', 'Hermes'];
const DEPARTMENTS = ['Engineering', 'Marketing', 'Sales', 'Finance', 'Support', 'Research', 'Legal', 'Data'];
const ENVIRONMENTS = ['Production', 'Staging', 'Development'];
const MODELS = [
  ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'sonnet'],
  ['anthropic.claude-3-haiku-20240307-v1:0', 'haiku'],
];

function profileRequest(i) {
  const project = PROJECTS[i % PROJECTS.length];
  const department = DEPARTMENTS[Math.floor(i / PROJECTS.length) % DEPARTMENTS.length];
  const environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
  const [model, short] = MODELS[i % MODELS.length];
  return {
    inferenceProfileName: `${project}-${department}-claude-${short}-${String(i).padStart(4, '0')}`.toLowerCase(),
    description: `${department} ${environment.toLowerCase()} workload for ${project}`,
    modelSource: { copyFrom: `arn:aws:bedrock:${REGION}::foundation-model/${model}` },
    tags: [
      { key: 'Project', value: project },
      { key: 'Department', value: department },
      { key: 'CostCenter', value: `CC-${1000 + (i % 50)}` },
      { key: 'Environment', value: environment },
    ],
  };
}

/**
 * Fills `home` for a demo-mode Strata listing `entries` entries: the demo's models and
 * cross-region profiles, the guide's five application profiles, and generated ones up to the
 * total, created through the emulator's API into the app's demo state file. Profiles are on,
 * and the last profile is selected. Returns what the picker button will be labelled.
 */
async function prepareHome(home, { app, emulator, entries }) {
  const env = { ...process.env, ...homeEnv(home) };
  const base = JSON.parse(execFileSync(app, ['models', '--demo', '--json'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })).catalog.entries
    .length;
  const guide = 5;
  const count = entries - base - guide;
  if (count < 1) throw new Error(`the demo already lists ${base + guide} entries`);

  const dir = join(home, '.local/share', DATA);
  mkdirSync(dir, { recursive: true });
  const state = join(dir, 'demo-bedrock.json');
  const server = spawn(emulator, ['--listen', '127.0.0.1:0', '--seed', 'demo', '--state', state], {
    env: { ...process.env, BEDROCK_EMULATOR_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  try {
    const endpoint = await new Promise((res, rej) => {
      let out = '';
      server.stdout.on('data', (b) => {
        out += b;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) res(m[1]);
      });
      server.once('exit', (code) => rej(new Error(`the emulator exited with ${code}`)));
    });
    let next = 0;
    let last = null;
    const create = async () => {
      while (next < count) {
        const i = next++;
        const body = profileRequest(i);
        const res = await fetch(`${endpoint}/inference-profiles`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: AUTH, 'x-amz-date': '20250101T000000Z' },
          body: JSON.stringify(body),
        });
        if (res.status !== 201) throw new Error(`CreateInferenceProfile ${res.status}: ${await res.text()}`);
        if (i === count - 1) last = { name: body.inferenceProfileName, arn: (await res.json()).inferenceProfileArn };
      }
    };
    // Each creation rewrites the state file; concurrent ones share a write.
    await Promise.all(Array.from({ length: 16 }, create));
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { schemaVersion: 1, enableInferenceProfiles: true, selectedModelId: last.arn } }),
    );
    return { label: `Model: ${last.name}`, base, guide, generated: count };
  } finally {
    await stopGroup(server, processTree(server.pid));
  }
}

// --- one WebDriver session (child process) ---------------------------------------------------

/**
 * Runs in the page: waits for the first frame in which the first contentful paint has happened
 * and, when `label` is given, a button with that accessible name is in the DOM. Times are epoch
 * milliseconds of the page's clock (the same wall clock as ours).
 */
function watchPage(label, done) {
  const now = () => performance.timeOrigin + performance.now();
  const injected = now();
  const shown = () =>
    label === null ||
    [...document.querySelectorAll('button[aria-label]')].some((b) => b.getAttribute('aria-label') === label);
  const firstPaint = () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  const alreadyShown = shown();
  const deadline = injected + 25_000;
  const frame = () => {
    const paint = firstPaint();
    if (paint && shown()) {
      done({ injected, alreadyShown, shown: now(), firstPaint: performance.timeOrigin + paint.startTime });
    } else if (now() > deadline) {
      done({ error: `not shown within 25 s (label ${JSON.stringify(label)}, first paint ${!!paint})` });
    } else {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
}

async function session(args) {
  const { startApp } = await import('../tests/e2e/harness.mjs');
  const exe = resolve(ROOT, process.env.STRATA_APP ?? '');
  const strata = args.kind === 'strata';
  const logDir = join(args.home, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  const app = await startApp({ args: strata ? ['--demo'] : [], home: args.home, env: { STRATA_LOG_DIR: logDir } });
  const result = {};
  try {
    const pid = findApp(exe, args.home);
    const start = startedAt(pid);
    const page = await app.browser.executeAsync(watchPage, strata ? args.label : null);
    if (page.error) throw new Error(page.error);
    Object.assign(result, {
      firstPaintMs: page.firstPaint - start,
      shownMs: page.shown - start,
      // Shown before we could look: `shownMs` is then when we looked, an upper bound.
      alreadyShown: strata && page.alreadyShown,
    });
    if (strata) {
      // The background refresh and tag fetch rewrite the cache; let them finish before stopping.
      await until(() => logHas(logDir, TAGS_LOADED), `"${TAGS_LOADED}" in the log`);
    }
    if (strata && args.count) {
      result.entries = await app.browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke('list_models', { refresh: false }).then(
          (l) => done(l.catalog?.entries.length ?? -1),
          () => done(-1),
        );
      });
    }
    if (strata && args.picker) {
      // Keys and scripts only, so the WebDriver session holds no reference to the picker's elements.
      const state = () =>
        app.browser.execute(() => ({
          open: !!document.querySelector('[role="listbox"]'),
          options: document.querySelectorAll('[role="option"]').length,
        }));
      await app.browser.keys(['Control', 'k']);
      await until(async () => (await state()).options > 0, 'options in the picker');
      await app.browser.keys('Escape');
      await until(async () => !(await state()).open, 'the picker to close');
    }
    if (args.memory) {
      await sleep(Number(args.idle) * 1000);
      result.pss = treePss(pid);
      // JavaScriptCore collects on its own schedule: a later look shows what was still garbage.
      await sleep(2 * Number(args.idle) * 1000);
      result.later = treePss(pid);
    }
  } finally {
    await app.stop({ keepHome: true });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** One session in a child process (the harness names its app once per process, by STRATA_APP). */
async function runSession(bin, opts) {
  const args = ['session', '--kind', opts.kind, '--home', opts.home, '--idle', String(opts.idle ?? 5)];
  if (opts.label) args.push('--label', opts.label);
  if (opts.picker) args.push('--picker');
  if (opts.count) args.push('--count');
  if (opts.memory) args.push('--memory');
  // A session that cannot start (WebKitWebDriver on a busy machine) gets one more try.
  for (let attempt = 1; ; attempt++) {
    const child = spawn(process.execPath, [import.meta.filename, ...args], {
      env: { ...process.env, STRATA_APP: bin },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const code = await new Promise((res) => child.once('exit', res));
    if (code === 0) return JSON.parse(out.trim().split('\n').pop());
    if (attempt === 2) throw new Error(`the ${opts.kind} session failed twice (exit ${code})`);
    say(`the ${opts.kind} session failed (exit ${code}); trying once more`);
  }
}

// --- plain launches for memory ---------------------------------------------------------------

/** Starts `bin` as a plain process (no WebDriver), waits until it is ready and idle, measures PSS. */
async function plainLaunch(bin, { home, args = [], strata, idle }) {
  const logDir = join(home, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  const child = spawn(bin, args, {
    env: { ...process.env, ...homeEnv(home), STRATA_LOG: 'info', STRATA_LOG_DIR: logDir },
    stdio: 'ignore',
    detached: true,
  });
  let tree = [child.pid];
  try {
    // Strata is ready when the background refresh has fetched the tags of every profile; the
    // minimal window when its web process runs (its page is one static file).
    await until(
      () =>
        strata
          ? logHas(logDir, TAGS_LOADED)
          : processTree(child.pid).some((p) => commOf(p).startsWith('WebKitWebProces')),
      strata ? `"${TAGS_LOADED}" in the log` : 'the web process',
    );
    await sleep(idle * 1000);
    tree = processTree(child.pid);
    return treePss(child.pid);
  } finally {
    await stopGroup(child, tree);
  }
}

// --- the report ------------------------------------------------------------------------------

/** The rows of the Vitest filter bench's JSON report. */
function filterRows(file) {
  if (!file || !existsSync(file)) return [];
  const groups = JSON.parse(readFileSync(file, 'utf8')).files.flatMap((f) => f.groups);
  const group = (text) => groups.find((g) => g.fullName.includes(text));
  const keystroke = group('per keystroke');
  const ours = keystroke?.benchmarks.find((b) => b.name === 'strata');
  const naive = keystroke?.benchmarks.find((b) => b.name === 'baseline');
  if (!ours || !naive) return [];
  const entries = /filter (\d+) entries/.exec(keystroke.fullName)?.[1] ?? '?';
  const rows = [
    [
      `filter ${Number(entries).toLocaleString('en')} entries, per keystroke (median; p99)`,
      `${ours.median.toFixed(2)} ms; ${ours.p99.toFixed(1)} ms`,
      `naive filter: ${naive.median.toFixed(2)} ms; ${naive.p99.toFixed(1)} ms`,
      `${(ours.median / naive.median).toFixed(2)}×`,
      '< 16 ms',
    ],
  ];
  const prep = group('prepare')?.benchmarks.find((b) => b.name === 'strata');
  if (prep) {
    rows.push([
      'prepare the search text, once per catalog (median)',
      `${prep.median.toFixed(2)} ms`,
      `one naive keystroke: ${naive.median.toFixed(2)} ms`,
      `${(prep.median / naive.median).toFixed(2)}×`,
      '–',
    ]);
  }
  return rows;
}

async function main() {
  const { values: o } = parseArgs({
    options: {
      app: { type: 'string' },
      baseline: { type: 'string' },
      emulator: { type: 'string' },
      entries: { type: 'string', default: '2000' },
      starts: { type: 'string', default: '5' },
      launches: { type: 'string', default: '3' },
      idle: { type: 'string', default: '5' },
      'filter-json': { type: 'string' },
      build: { type: 'string', default: '' },
      markdown: { type: 'string' },
    },
  });
  if (!o.app || !o.baseline || !o.emulator) throw new Error('--app, --baseline and --emulator are required');
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run under xvfb-run -a');
  const app = resolve(o.app);
  const baseline = resolve(o.baseline);
  const entries = Number(o.entries);
  const starts = Number(o.starts);
  const launches = Number(o.launches);
  const idle = Number(o.idle);

  const work = mkdtempSync(join(tmpdir(), 'strata-bench-ui-'));
  try {
    const home = join(work, 'strata');
    const minimalHome = join(work, 'minimal');
    mkdirSync(minimalHome);
    say(`creating ${entries.toLocaleString('en')} catalog entries in the demo's state`);
    const made = await prepareHome(home, { app, emulator: resolve(o.emulator), entries });
    say(`${made.base} models and cross-region profiles, ${made.guide + made.generated} application profiles`);

    say('warm-up start (fills the catalog cache)');
    const warm = await runSession(app, { kind: 'strata', home, label: made.label, count: true });
    if (warm.entries !== entries) throw new Error(`the app lists ${warm.entries} entries, expected ${entries}`);
    await runSession(baseline, { kind: 'minimal', home: minimalHome });

    const strataStarts = [];
    const minimalStarts = [];
    for (let i = 0; i < starts; i++) {
      say(`start ${i + 1} of ${starts}: Strata, then the minimal window`);
      strataStarts.push(await runSession(app, { kind: 'strata', home, label: made.label }));
      minimalStarts.push(await runSession(baseline, { kind: 'minimal', home: minimalHome }));
    }

    say(`memory under WebDriver: the picker opened with ${entries} entries and closed, then ${idle} s idle`);
    const driven = await runSession(app, { kind: 'strata', home, label: made.label, picker: true, memory: true, idle });
    const drivenMinimal = await runSession(baseline, { kind: 'minimal', home: minimalHome, memory: true, idle });

    // Strata with the demo's own catalog, to tell the app's cost from the 2,000 entries'.
    const smallHome = join(work, 'demo');
    const small = made.base + made.guide;
    mkdirSync(join(smallHome, '.local/share', DATA), { recursive: true });
    writeFileSync(
      join(smallHome, '.local/share', DATA, 'settings.json'),
      JSON.stringify({ settings: { schemaVersion: 1, enableInferenceProfiles: true } }),
    );
    await plainLaunch(app, { home: smallHome, args: ['--demo'], strata: true, idle: 0 });

    const plain = [];
    const plainSmall = [];
    const plainMinimal = [];
    for (let i = 0; i < launches; i++) {
      say(`plain launch ${i + 1} of ${launches} (no WebDriver): Strata with ${entries} and ${small} entries, minimal`);
      plain.push(await plainLaunch(app, { home, args: ['--demo'], strata: true, idle }));
      plainSmall.push(await plainLaunch(app, { home: smallHome, args: ['--demo'], strata: true, idle }));
      plainMinimal.push(await plainLaunch(baseline, { home: minimalHome, strata: false, idle }));
    }

    const ms = (v) => `${Math.round(v)} ms`;
    const mib = (kib) => kib / 1024;
    const n = entries.toLocaleString('en');
    const minimalPaint = median(minimalStarts.map((s) => s.firstPaintMs));
    const startRow = (what, ours, target) => [
      what,
      ms(ours),
      `minimal window's first paint: ${ms(minimalPaint)}`,
      `${(ours / minimalPaint).toFixed(2)}×`,
      target,
    ];
    const memoryRow = (what, ours, base) => [
      what,
      `${mib(ours).toFixed(0)} MiB`,
      `minimal window: ${mib(base).toFixed(0)} MiB`,
      `+${mib(ours - base).toFixed(0)} MiB (${(ours / base).toFixed(2)}×)`,
      '< +40 MiB',
    ];
    const minimalPss = median(plainMinimal.map((p) => p.kib));
    const rows = [
      ...filterRows(o['filter-json']),
      startRow(
        `start → picker button shows the selection from the cached ${n} entries (median of ${starts})`,
        median(strataStarts.map((s) => s.shownMs)),
        '< 1 s',
      ),
      startRow(
        'start → first paint (Strata: the shell header), same starts',
        median(strataStarts.map((s) => s.firstPaintMs)),
        '–',
      ),
      memoryRow(
        `idle PSS, plain launch, ${n} entries (median of ${launches})`,
        median(plain.map((p) => p.kib)),
        minimalPss,
      ),
      memoryRow(
        `idle PSS, plain launch, the demo's own ${small} entries (median of ${launches})`,
        median(plainSmall.map((p) => p.kib)),
        minimalPss,
      ),
      memoryRow(
        `idle PSS, under WebDriver, ${n} entries, picker opened and closed`,
        driven.pss.kib,
        drivenMinimal.pss.kib,
      ),
    ];
    const title = `picker and app${o.build ? ` (${o.build} build)` : ''}`;
    let table = `| ${title} | Strata | baseline (same run) | ratio | target |\n|---|---:|---:|---:|---|\n`;
    for (const r of rows) table += `| ${r.join(' | ')} |\n`;
    process.stdout.write(`\n${table}\n`);

    const early = strataStarts.filter((s) => s.alreadyShown).length;
    const detail = (label, runs) => say(`${label}: ${runs.map((r) => Math.round(r)).join(', ')} ms`);
    detail('Strata start → selection shown', strataStarts.map((s) => s.shownMs));
    detail('Strata start → first paint', strataStarts.map((s) => s.firstPaintMs));
    detail('minimal window start → first paint', minimalStarts.map((s) => s.firstPaintMs));
    if (early) say(`${early} of ${starts} starts showed the selection before the page was watched (upper bound used)`);
    const parts = (p) => p.parts.map((x) => `${x.name} ${mib(x.kib).toFixed(0)}`).join(', ');
    const uss = (runs) => mib(median(runs.map((p) => p.uss))).toFixed(0);
    say(`PSS by process (MiB), plain launch: Strata ${parts(plain.at(-1))}; minimal ${parts(plainMinimal.at(-1))}`);
    say(`PSS by process (MiB), plain launch, ${small} entries: Strata ${parts(plainSmall.at(-1))}`);
    say(`PSS by process (MiB), WebDriver: Strata ${parts(driven.pss)}; minimal ${parts(drivenMinimal.pss)}`);
    say(`USS (MiB), plain: Strata ${uss(plain)}, ${small} entries ${uss(plainSmall)}, minimal ${uss(plainMinimal)}`);
    const later = (r) => `${mib(r.later.kib).toFixed(0)} MiB`;
    say(`WebDriver, ${3 * idle} s idle instead of ${idle}: Strata ${later(driven)}, minimal ${later(drivenMinimal)}`);
    if (o.markdown) {
      writeFileSync(o.markdown, table);
      say(`wrote ${o.markdown}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'session') {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      kind: { type: 'string' },
      home: { type: 'string' },
      label: { type: 'string' },
      idle: { type: 'string', default: '5' },
      picker: { type: 'boolean', default: false },
      count: { type: 'boolean', default: false },
      memory: { type: 'boolean', default: false },
    },
  });
  await session(values);
} else {
  await main();
}
