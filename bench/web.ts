// Benchmark 7 — web app: gzipped JavaScript the first screen loads, and the time until the login
// screen is interactive in headless Chromium on localhost with a cold cache (a fresh browser
// context per run). The web build is made fresh (`npm run build:web -w apps/mobile`) unless
// BENCH_WEB_BUILD=0. Targets (absolute, from the issue): ≤ 700 KB gzipped JS, interactive ≤ 1.5 s.
// Same-run baseline: the same browser loading a one-input page from a bare Node server, which is
// the floor that browser start-up and localhost networking set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { fmt, log, newResult, ratio, ROOT, saveResult, startApi, summarise } from './lib/common.ts';
import { renderReport } from './lib/report.ts';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  log('chromium is missing: installing it via apt');
  spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'],
    { stdio: 'inherit' },
  );
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
}

/** Loads `url` in a fresh context and returns ms from navigation start until `selector` accepts typing. */
async function timeToInteractive(browser: import('playwright-core').Browser, url: string, selector: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  page.on('response', async (res) => {
    const type = res.request().resourceType();
    if (type === 'script') {
      try {
        scripts.set(res.url(), await res.body());
      } catch {
        /* navigated away */
      }
    }
  });
  await page.goto(url, { waitUntil: 'commit' });
  const input = page.locator(selector);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  // Interactive = the input takes a keystroke and the app's state shows it.
  await input.pressSequentially('a');
  await page.waitForFunction(
    (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'a',
    selector,
  );
  const ms = await page.evaluate(() => performance.now());
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  await context.close();
  return { ms, scripts, ...nav };
}

export async function runWeb() {
  const result = newResult(
    'web',
    '7. Web app: first-screen JavaScript and time to an interactive login screen',
  );
  ensureChromium();
  let buildSeconds: number | string = 'skipped (BENCH_WEB_BUILD=0)';
  if (process.env.BENCH_WEB_BUILD !== '0') {
    log('building the web app (npm run build:web -w apps/mobile)');
    const t0 = Date.now();
    const r = spawnSync('npm', ['run', 'build:web', '-w', 'apps/mobile'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`web build failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    buildSeconds = Math.round((Date.now() - t0) / 100) / 10;
  }
  const dist = path.join(ROOT, 'apps/mobile/dist');
  const jsFiles = fs.readdirSync(path.join(dist, '_expo/static/js/web')).filter((f) => f.endsWith('.js'));

  const api = await startApi({ env: { SERVE_WEB: 'true', WEB_DIR: dist } });
  const baseline = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(
      `<!doctype html><html><body><input data-testid="login-email" oninput="this.dataset.v=this.value"></body></html>`,
    );
  });
  await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(baseline.address() as { port: number }).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const app: number[] = [];
    const base: number[] = [];
    const dcl: number[] = [];
    let firstScreen = new Map<string, Buffer>();
    // Warm the browser process itself (not the page cache: every run has a fresh context).
    await timeToInteractive(browser, baseUrl, '[data-testid="login-email"]');
    for (let i = 0; i < RUNS; i++) {
      const b = await timeToInteractive(browser, baseUrl, '[data-testid="login-email"]');
      base.push(b.ms);
      const a = await timeToInteractive(browser, `${api.url}/`, '[data-testid="login-email"]');
      app.push(a.ms);
      dcl.push(a.domContentLoaded);
      firstScreen = a.scripts;
    }
    const gz = [...firstScreen.entries()].map(([url, body]) => ({
      url: new URL(url).pathname,
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
    }));
    const totalGzip = gz.reduce((s, x) => s + x.gzip, 0);
    const totalRaw = gz.reduce((s, x) => s + x.raw, 0);
    const allGzip = jsFiles.reduce(
      (s, f) =>
        s + zlib.gzipSync(fs.readFileSync(path.join(dist, '_expo/static/js/web', f)), { level: 9 }).length,
      0,
    );
    const sa = summarise(app);
    const sb = summarise(base);
    result.settings = {
      browser: `${CHROMIUM} (headless, 390×844 viewport, fresh context per run = cold HTTP cache)`,
      'served by': 'the real API with SERVE_WEB=true (Fastify static, compression on)',
      'web build seconds': buildSeconds,
      runs: RUNS,
      'interactive means':
        'the email field (data-testid=login-email) is visible, takes a typed key, and shows it — measured as performance.now() since navigation start',
    };
    result.tables.push({
      title: 'JavaScript loaded by the first screen',
      columns: ['script', 'bytes', 'gzip -9 bytes'],
      rows: [
        ...gz.map((x) => [x.url, x.raw, x.gzip]),
        ['**total**', totalRaw, totalGzip],
        ['(all JS in the build, for comparison)', '', allGzip],
      ],
    });
    result.tables.push({
      title: 'Time to an interactive login screen (ms since navigation start, cold cache)',
      columns: ['page', 'p50', 'mean', 'max', 'DOMContentLoaded p50'],
      rows: [
        ['ChitChat web app /', fmt(sa.p50, 0), fmt(sa.mean, 0), fmt(sa.max, 0), fmt(summarise(dcl).p50, 0)],
        [
          'baseline: one-input page from a bare Node server',
          fmt(sb.p50, 0),
          fmt(sb.mean, 0),
          fmt(sb.max, 0),
          '',
        ],
        ['ratio app / baseline', ratio(sa.p50 / sb.p50, 1), '', '', ''],
      ],
    });
    result.targets.push({
      name: 'gzipped JS loaded by the first screen',
      target: '≤ 700 KB',
      measured: `${fmt(totalGzip / 1024, 0)} KB`,
      met: totalGzip <= 700 * 1024,
    });
    result.targets.push({
      name: 'login screen interactive (p50, cold cache)',
      target: '≤ 1,500 ms',
      measured: `${fmt(sa.p50, 0)} ms (baseline page ${fmt(sb.p50, 0)} ms)`,
      met: sa.p50 <= 1500,
    });
    result.notes.push(
      'These two targets are absolute in the issue; the baseline page shows what the browser and localhost cost on this machine in the same run.',
    );
  } finally {
    await browser.close();
    baseline.close();
    await api.stop();
  }
  saveResult(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWeb();
  renderReport();
}
