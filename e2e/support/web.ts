// Shared pieces of the browser suite: finding Chromium, building the web app, starting the real
// server (PGlite or PostgreSQL, serving the built app) and launching the browser.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { startServer, type TestServer } from '../../apps/api/test/harness.ts';
import type { Database } from '../../apps/api/src/platform/db/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = path.join(root, 'apps/mobile/dist');
export const SCREENSHOT_DIR = path.join(root, 'e2e/screenshots');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Debian's Chromium (CHROMIUM_PATH overrides; `none` pretends there is none), or null when it is not installed. */
export function findChromium(): string | null {
  // CHROMIUM_PATH=none runs the suite as on a machine without a browser.
  if (process.env.CHROMIUM_PATH === 'none') return null;
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * The browser tests run only when Chromium is installed; otherwise each file says why once and
 * its tests are reported as skipped (the rest of `npm test` runs as usual).
 */
export const chromiumPath = findChromium();
export function explainMissingChromium(file: string) {
  if (chromiumPath) return;
  console.warn(
    `[e2e] ${file}: no Chromium found (/usr/bin/chromium or CHROMIUM_PATH), so the browser tests are not run. ` +
      'Install it with `apt-get install -y chromium` (.ci/run does).',
  );
}

/** Builds apps/mobile/dist if it is missing or stale (one build at a time across workers). */
export function ensureWebBuild() {
  const script = path.join(root, 'e2e/support/build-web.mjs');
  const hasFlock = spawnSync('sh', ['-c', 'command -v flock']).status === 0;
  const r = hasFlock
    ? spawnSync('flock', ['/tmp/chitchat-web-build.lock', process.execPath, script], {
        cwd: root,
        stdio: 'inherit',
      })
    : spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error('the web build failed: run `npm run build:web -w apps/mobile` to see why');
}

export interface E2E {
  server: TestServer;
  browser: Browser;
  /** A fresh browser profile (own storage) with a phone-sized page. */
  newPage(viewport?: {
    width: number;
    height: number;
  }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startE2E(
  env: Record<string, string> = {},
  opts: { waitForAi?: boolean; db?: Database } = {},
): Promise<E2E> {
  ensureWebBuild();
  const server = await startServer({
    env: { SERVE_WEB: 'true', WEB_DIR, LOG_LEVEL: 'warn', ...env },
    waitForAi: opts.waitForAi,
    db: opts.db,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async newPage(viewport = PHONE) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        // Refused API calls (a wrong password, a 404 probe) log a generic line; the response hook
        // below reports the app's own files that fail to load, with their URL.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      page.on('response', (r) => {
        const url = new URL(r.url());
        if (r.status() >= 400 && url.origin === server.url && !/^\/(api|auth)\//.test(url.pathname))
          errors.push(`${r.status()} ${url.pathname}`);
      });
      return { context, page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/**
 * One browser test file's suite: with Chromium, starts the server and browser once before the
 * tests (`startE2E(env)`, `env` may start fakes first) and closes them after; without Chromium,
 * says why (explainMissingChromium) and the runner counts every test skipped, never passed.
 * `e2e` is filled in by the beforeAll hook, so use it only inside tests and hooks.
 */
export function describeInBrowser(
  file: string,
  title: string,
  tests: (e2e: E2E) => void,
  opts: {
    env?: () => Record<string, string> | Promise<Record<string, string>>;
    /** false: start while a local model is still being set up (its progress is what is tested). */
    waitForAi?: boolean;
  } = {},
) {
  explainMissingChromium(file);
  describe.skipIf(!chromiumPath)(
    chromiumPath ? title : `${title} (skipped: Chromium is not installed)`,
    () => {
      const e2e = {} as E2E;
      let started: E2E | undefined;
      beforeAll(async () => {
        started = await startE2E(opts.env ? await opts.env() : {}, { waitForAi: opts.waitForAi });
        Object.assign(e2e, started);
      }, 240_000);
      afterAll(async () => {
        await started?.close();
      });
      tests(e2e);
    },
  );
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  const kind = size && size.width >= 1000 ? 'desktop' : 'phone';
  // Let fonts, icons and entry animations settle.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${kind}.png`) });
}

/**
 * Taps `button` as a learner who scrolled just far enough to see it: at the bottom edge of the
 * screen (Playwright's own click would scroll it to wherever suits it).
 */
export async function tapAtBottom(button: Locator) {
  await button.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await button.click();
}

/** Whether `target` lies wholly within the page's viewport (what the learner can see without scrolling). */
export async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize();
  return (
    !!box &&
    !!size &&
    box.y >= 0 &&
    box.x >= 0 &&
    box.y + box.height <= size.height &&
    box.x + box.width <= size.width
  );
}

let seq = 0;
export function uniqueEmail(name = 'learner') {
  return `${name}-${Date.now()}-${process.pid}-${seq++}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

/** Signs up through the login screen; ends on onboarding (its first question shown). */
export async function signUpThroughUi(
  page: Page,
  opts: { email?: string; name?: string; interests?: string[] } = {},
) {
  const email = opts.email ?? uniqueEmail();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('What are you curious about?').waitFor();
  return email;
}

/** Signs in through the login screen. */
export async function signInThroughUi(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
