/**
 * axe-core in the browser test: every view of /map is checked against the WCAG 2.0 and 2.1 A and
 * AA rules and must have zero violations. A failure names each rule, its help text and the
 * elements it found, so the message says what to fix.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function axeViolations(page: Page, include?: string) {
  // Legacy mode: the browser test runs a persistent context, which has no browser to open axe's helper page in.
  let builder = new AxeBuilder({ page: page as never }).withTags(WCAG_TAGS).setLegacyMode(true);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations;
}

/** Asserts that axe finds no WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page, viewName: string, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`).join('\n')}`);
  expect(report, `axe on ${viewName}`).toEqual([]);
}

/** True when the page scrolls sideways (WCAG 1.4.10 reflow forbids it at 320 CSS px). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
