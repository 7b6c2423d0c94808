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
import { createHmac } from 'node:crypto';

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

/** Demo accounts, parsed by run.sh from the demo's "DEMO ONLY" output. */
const USERS = JSON.parse(process.env.ASSURE_DEMO_USERS || '{}');

/** Signs in as `role` in a fresh context; the caller closes the context. */
async function signIn(contextOptions = {}, role = 'viewer') {
  const user = USERS[role];
  assert.ok(user, `no demo account for ${role} (ASSURE_DEMO_USERS)`);
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/sign-in`, { waitUntil: 'load' });
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
  assert.ok(!page.url().includes('/sign-in'), `signing in as ${role} failed: ${page.url()}`);
  return { context, page };
}

/** Opens a page signed in (as a viewer unless told otherwise); the caller closes the context. */
async function open(url, contextOptions = {}, role = 'viewer') {
  const { context, page } = await signIn(contextOptions, role);
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

test('sign-in page, including its error state, has no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/sign-in`, { waitUntil: 'load' });
    await assertNoAxeViolations(page);
    await page.fill('#email', 'nobody@example.org');
    await page.fill('#password', 'not the password');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
    assert.ok((await page.locator('.govuk-error-summary').count()) === 1, 'no error summary after a failed sign-in');
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`an action lead changes a status with a reason and sees it in the history (${mode})`, { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await signIn({ javaScriptEnabled }, 'action-lead');
    try {
      const actionUrl = await firstActionLedByTheLead(page);
      await page.goto(`${actionUrl}/status`, { waitUntil: 'load' });
      if (javaScriptEnabled) await assertNoAxeViolations(page); // axe itself needs JavaScript
      // Saving without a reason shows the error summary, which must also be accessible.
      await page.check('input[name=status][value=Red]');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      if (javaScriptEnabled) await assertNoAxeViolations(page); // axe itself needs JavaScript
      const reason = `Browser test ${mode} ${Date.now()}`;
      await page.check('input[name=status][value=Red]');
      await page.fill('#reason', reason);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
      assert.ok(page.url().includes('updated=status'), `not back on the action page: ${page.url()}`);
      const history = await page.locator('table', { has: page.locator('th', { hasText: 'Reason' }) }).innerText();
      assert.ok(history.includes(reason), 'the reason is not in the status history');
      if (javaScriptEnabled) await assertNoAxeViolations(page); // axe itself needs JavaScript
      // Put it back for the next run of the test.
      await page.goto(`${actionUrl}/status`, { waitUntil: 'load' });
      await page.check('input[name=status][value=Green]');
      await page.fill('#reason', `Restored after ${mode} test`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
    } finally {
      await context.close();
    }
  });

  test(`two people editing the same action meet the conflict page (${mode})`, { timeout: TEST_TIMEOUT }, async () => {
    const lead = await signIn({ javaScriptEnabled }, 'action-lead');
    const owner = await signIn({ javaScriptEnabled }, 'plan-owner');
    try {
      const actionUrl = await firstActionLedByTheLead(lead.page);
      await lead.page.goto(`${actionUrl}/status`, { waitUntil: 'load' });
      await owner.page.goto(`${actionUrl}/status`, { waitUntil: 'load' });
      await owner.page.check('input[name=status][value=Amber]');
      await owner.page.fill('#reason', `Owner's change ${mode}`);
      await Promise.all([owner.page.waitForNavigation({ waitUntil: 'load' }), owner.page.click('main button[type=submit]')]);
      await lead.page.check('input[name=status][value=Blue]');
      await lead.page.fill('#reason', `Lead's change ${mode}`);
      await Promise.all([lead.page.waitForNavigation({ waitUntil: 'load' }), lead.page.click('main button[type=submit]')]);
      const heading = await lead.page.locator('h1').innerText();
      assert.match(heading, /someone else changed this action/i);
      if (javaScriptEnabled) await assertNoAxeViolations(lead.page);
      await Promise.all([lead.page.waitForNavigation({ waitUntil: 'load' }), lead.page.click('main button[type=submit]')]);
      const history = await lead.page.locator('table', { has: lead.page.locator('th', { hasText: 'Reason' }) }).innerText();
      assert.ok(history.includes(`Owner's change ${mode}`) && history.includes(`Lead's change ${mode}`), 'a change was lost');
    } finally {
      await lead.context.close();
      await owner.context.close();
    }
  });
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret, as an authenticator app does. */
function totp(base32, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

test('admin pages (second factor, accounts, audit trail) have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await signIn({}, 'admin');
  try {
    // The audit trail needs a second factor: enrol one as the admin would, with an app.
    await page.goto(`${BASE_URL}/admin/users`, { waitUntil: 'load' });
    if (page.url().includes('/account/second-factor')) {
      await assertNoAxeViolations(page);
      const secret = await page.inputValue('input[name=secret]');
      await page.fill('#code', totp(secret));
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
      assert.match(await page.locator('h1').innerText(), /second factor turned on/i);
      await assertNoAxeViolations(page);
      await page.goto(`${BASE_URL}/admin/users`, { waitUntil: 'load' });
    }
    assert.match(await page.locator('h1').innerText(), /accounts/i);
    await assertNoAxeViolations(page);
    await page.goto(`${BASE_URL}/admin/audit`, { waitUntil: 'load' });
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the audit trail is empty');
    await assertNoAxeViolations(page);
    await page.goto(`${BASE_URL}/account`, { waitUntil: 'load' });
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

/** The first action on area 1 (led by Richard Hakin, the demo action lead). */
async function firstActionLedByTheLead(page) {
  await page.goto(`${BASE_URL}/`, { waitUntil: 'load' });
  await page.goto(await areaUrl(page), { waitUntil: 'load' });
  return firstLinkMatching(page, ACTION_PATH);
}

test('editing forms for a plan owner have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await signIn({}, 'plan-owner');
  try {
    await page.goto(`${BASE_URL}/`, { waitUntil: 'load' });
    const planPath = new URL(page.url()).pathname;
    const area = await areaUrl(page);
    const areaId = new URL(area).pathname.split('/').pop();
    await page.goto(area, { waitUntil: 'load' });
    const action = await firstLinkMatching(page, ACTION_PATH);
    for (const url of [`${BASE_URL}${planPath}/edit`, `${BASE_URL}/areas/${areaId}/edit`, `${BASE_URL}/areas/${areaId}/actions/new`, `${action}/edit`, `${action}/milestones`, `${BASE_URL}/plans/new`]) {
      const response = await page.goto(url, { waitUntil: 'load' });
      assert.ok(response?.ok(), `GET ${url} returned HTTP ${response?.status()}`);
      await assertNoAxeViolations(page);
    }
    // An error state: save the area with its title emptied.
    await page.goto(`${BASE_URL}/areas/${areaId}/edit`, { waitUntil: 'load' });
    await page.fill('#title', '');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main button[type=submit]')]);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

test('performance and datasets pages have no axe violations', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await signIn({}, 'viewer');
  try {
    for (const path of ['/performance', '/performance/indicators/s47_to_icpc_pct', '/datasets']) {
      const response = await page.goto(`${BASE_URL}${path}`, { waitUntil: 'load' });
      assert.ok(response?.ok(), `GET ${path} returned HTTP ${response?.status()}`);
      await assertNoAxeViolations(page);
    }
    await page.goto(`${BASE_URL}/datasets`, { waitUntil: 'load' });
    await page.goto(await firstLinkMatching(page, /^\/datasets\/\d+$/), { waitUntil: 'load' });
    assert.match(await page.locator('h1').innerText(), /./);
    await assertNoAxeViolations(page);
  } finally {
    await context.close();
  }
});
