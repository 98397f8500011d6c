// axe-core (WCAG 2.0/2.1 A and AA rules) on the screen in front: its serious and critical
// violations, each in one line, for a test to collect and expect to be none.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle').catch(() => {});
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 4)
          .join(' | ')}`,
    );
}

/** Collects each checked screen's violations by name; `found` stays {} while all is well. */
export function axeCollector() {
  const found: Record<string, string[]> = {};
  return {
    found,
    async check(page: Page, name: string) {
      const v = await seriousViolations(page);
      if (v.length) found[name] = v;
    },
  };
}
