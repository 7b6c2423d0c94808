// End-to-end accessibility checks for Assure.
//
//   BASE_URL=http://127.0.0.1:8099 node --test e2e/a11y.test.mjs
//
// Uses Debian's chromium (never a Playwright-downloaded browser) and axe-core.
// Overview -> first area page -> first action page, each checked against
// WCAG 2.0/2.1/2.2 A and AA rules; the area page is also loaded without JS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8099').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AREA_PATH = /\/plans\/\d+\/areas\/\d+$/;
const ACTION_PATH = /\/actions\/\d+$/;
const TEST_TIMEOUT = 60_000;

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** Opens a page in a fresh context; the caller closes the context. */
async function open(url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `no response for ${url}`);
  assert.ok(response.ok(), `GET ${url} returned HTTP ${response.status()}`);
  return { context, page };
}

/** Absolute URL of the first link on the page whose path matches `pattern`. */
async function firstLinkMatching(page, pattern) {
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.href));
  const found = hrefs.find((href) => pattern.test(new URL(href).pathname));
  assert.ok(found, `no link matching ${pattern} on ${page.url()} (links: ${hrefs.join(', ') || 'none'})`);
  return found;
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

async function assertNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const { violations } = results;
  assert.equal(
    violations.length,
    0,
    `${violations.length} axe violation(s) on ${page.url()}:\n${formatViolations(violations)}`,
  );
  return results;
}

async function areaUrl(page) {
  return firstLinkMatching(page, AREA_PATH);
}

async function assertActionsTable(page) {
  const header = page.locator('table th', { hasText: 'Milestone' }).first();
  assert.ok((await header.count()) > 0, `no table header containing "Milestone" on ${page.url()}`);
  assert.ok(await header.isVisible(), `"Milestone" table header is not visible on ${page.url()}`);
}

test('overview page has an h1 and no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await open(`${BASE_URL}/`);
  try {
    assert.ok((await page.locator('h1').count()) > 0, 'overview page has no h1');
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

test('area page shows the actions table and has no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await open(`${BASE_URL}/`);
  try {
    const url = await areaUrl(page);
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.ok(response?.ok(), `GET ${url} returned HTTP ${response?.status()}`);
    await assertActionsTable(page);
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

test('area page shows the actions table with JavaScript disabled', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await open(`${BASE_URL}/`, { javaScriptEnabled: false });
  try {
    const url = await areaUrl(page);
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.ok(response?.ok(), `GET ${url} returned HTTP ${response?.status()}`);
    await assertActionsTable(page);
  } finally {
    await context.close();
  }
});

test('action page has a heading, a "Status history" h2 and no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await open(`${BASE_URL}/`);
  try {
    await page.goto(await areaUrl(page), { waitUntil: 'load' });
    const url = await firstLinkMatching(page, ACTION_PATH);
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.ok(response?.ok(), `GET ${url} returned HTTP ${response?.status()}`);
    assert.ok((await page.locator('h1').count()) > 0, `action page ${url} has no h1`);
    const history = page.locator('h2', { hasText: /status history/i });
    assert.ok((await history.count()) > 0, `action page ${url} has no "Status history" h2`);
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

test('board paper (web page) has Table 1, every area, and no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await open(`${BASE_URL}/`);
  try {
    const paperLink = await firstLinkMatching(page, /\/plans\/\d+\/board-paper\/html$/);
    await page.goto(paperLink, { waitUntil: 'load' });
    assert.equal(await page.locator('h2#table-1').count(), 1);
    assert.equal(await page.locator('section.area').count(), 8);
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});
