// The signed-in learner's API, called from the page with the app's own stored session: test setup
// that is not what a browser test is about (creating paths, enrolling many times).
import type { Page } from 'playwright-core';

export async function callApi<T = any>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('-auth-token'))!;
      const token = (JSON.parse(localStorage.getItem(key)!) as { access_token: string }).access_token;
      const r = await fetch(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as any };
    },
    { method, path, body },
  );
}

/** A screen's headings by level, as the browser exposes them. */
export async function headings(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, [role="heading"]')]
      .filter((h) => (h as HTMLElement).offsetParent !== null)
      .map((h) => ({
        level: Number(h.getAttribute('aria-level') ?? h.tagName.slice(1)),
        text: (h.textContent ?? '').trim(),
      })),
  );
}
