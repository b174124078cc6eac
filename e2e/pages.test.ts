/**
 * The page check: every page of every role, as the role's menu shows it (the menu is built from the
 * app's one list of pages, src/web/app-pages.ts, so a new page is covered without a test of its own),
 * over a month of demo volume. Each page is opened from the menu after scrolling the previous one to
 * its bottom, and fails on a console error, a failed request, text that looks like a code, a table
 * wider than its container, a number that wraps, overlapping text, or a page that does not start at
 * the top. A screenshot of each page is saved under test-results/pages/<viewport>/<role>/.
 *
 * `npm run test:pages` runs it at 1440×900 and at 1280×720 (TAXLINE_PAGE_CHECK_VIEWPORT); it is too slow for `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/server/demo/demo-data';
import { roles } from '../src/shared/permissions';
import { loadDemoVolume } from './page-check-data';
import { type InspectOptions, inspectPage } from './page-check-inspect';
import { type Journey, journeyDialects, loginAs, startJourney } from './support';

const dialects = await journeyDialects();
const viewportName = process.env.TAXLINE_PAGE_CHECK_VIEWPORT ?? '1440x900';
const [width, height] = viewportName.split('x').map(Number);
if (!width || !height) throw new Error(`TAXLINE_PAGE_CHECK_VIEWPORT must be WIDTHxHEIGHT, not ${viewportName}`);
const screenshotDir = path.resolve(import.meta.dirname, '../test-results/pages', viewportName);
const userNames = demoAccounts.map((account) => account.username);
/** A comma-separated list of roles to look at (all when unset): for working on one role's pages. */
const onlyRoles = process.env.TAXLINE_PAGE_CHECK_ROLES?.split(',');
// Every role a demo account holds (培训讲师 has none: its pages are 培训考试's, which the director and
// team leads also open).
const checkedRoles = roles.filter(
  (role) => (!onlyRoles || onlyRoles.includes(role)) && demoAccounts.some((a) => (a.roles as string[]).includes(role)),
);

/** Administrators' configuration pages (系统管理, and a module's own 配置 page). */
const isConfigurationPage = (pagePath: string) => pagePath.startsWith('/admin/') || pagePath.endsWith('/config');

/** The demo account that shows each role (the first one holding it). */
const accountOf = (role: string) => {
  const account = demoAccounts.find((a) => (a.roles as string[]).includes(role));
  if (!account) throw new Error(`no demo account has the role ${role}`);
  return account.username;
};

/** Requests that are still out; a page is settled when none is and nothing spins or moves. */
function trackRequests(page: Page, problems: string[]) {
  let inFlight = 0;
  page.on('request', (request) => {
    if (request.resourceType() !== 'eventsource') inFlight++;
  });
  const done = (request: { resourceType(): string }) => {
    if (request.resourceType() !== 'eventsource') inFlight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', (request) => {
    done(request);
    // A page's event stream is closed when the page is left: not a failure.
    if (request.resourceType() === 'eventsource' && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`request failed: ${response.request().method()} ${response.url()} ${response.status()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { inFlight: () => inFlight };
}

/** Waits until no request is out, no spinner spins and no finite animation runs, twice in a row. */
async function settle(page: Page, inFlight: () => number): Promise<void> {
  let quietChecks = 0;
  while (quietChecks < 2) {
    await page.waitForFunction(
      () =>
        !document.querySelector('.ant-spin-spinning, .ant-skeleton-active') &&
        document.getAnimations().every((a) => a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY),
    );
    // One animation frame between checks: a render started by the last answer asks for its data first.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    quietChecks = inFlight() === 0 ? quietChecks + 1 : 0;
  }
}

describe.each(dialects)(`the page check at ${viewportName} on %s`, (dialect) => {
  let journey: Journey;
  const startedAt = Date.now();

  beforeAll(async () => {
    journey = await startJourney(dialect);
    await loadDemoVolume(journey.t);
    fs.rmSync(screenshotDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await journey?.close();
    console.info(`page check at ${viewportName}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });

  it.each(checkedRoles.map((role) => [role, accountOf(role)]))(
    'shows every page of the %s role (%s) whole, readable and in Chinese',
    async (role, username) => {
      const problems: string[] = [];
      const page = await loginAs(journey, username, undefined, {
        viewport: { width, height },
        // Charts are drawn as SVG, so that their labels are text the overlap check can find.
        beforeLogin: async (p) => {
          await p.addInitScript(() => localStorage.setItem('taxline.chartRenderer', 'svg'));
        },
      });
      const { inFlight } = trackRequests(page, problems);
      const menuLinks = page.locator('.ant-layout-sider .ant-menu a[href]');
      await menuLinks.first().waitFor();
      const paths = await menuLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(paths.length).toBeGreaterThan(0);

      const findings: string[] = [];
      for (const pagePath of paths) {
        // Leave the page scrolled to its bottom, then open the next from the menu as a person would.
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.locator(`.ant-layout-sider .ant-menu a[href="${pagePath}"]`).click();
        // The menu marks the page once the app has rendered it (a route change waits for its chunk).
        await page.locator(`.ant-layout-sider .ant-menu-item-selected a[href="${pagePath}"]`).waitFor();
        await settle(page, inFlight);
        const options: InspectOptions = { userNames, allowsCodeColumn: isConfigurationPage(pagePath) };
        const pageFindings = [...problems.splice(0), ...(await page.evaluate(inspectPage, options))];
        findings.push(...pageFindings.map((finding) => `${pagePath}: ${finding}`));
        const file = path.join(screenshotDir, role, `${pagePath.slice(1).replaceAll('/', '-') || 'home'}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
      await page.context().close();
      expect(findings).toEqual([]);
    },
    600_000,
  );
});
