import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startOfflineStack, type OfflineStack } from '../support/offlineStack';
import { eventually } from '../support/poll';
import { useIsolatedServices } from '../support/suite';

/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against
 * the real local stack: serverless offline, the confirm worker, PostgreSQL and RabbitMQ.
 */
const CHROMIUM = '/usr/bin/chromium';
const ADMIN_KEY = 'local-admin-key';
const SCREENSHOT = path.resolve(__dirname, '../artifacts/dashboard.png');

const suite = useIsolatedServices();
let stack: OfflineStack;
let profile: string;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  stack = await startOfflineStack({ DATABASE_URL: suite.databaseUrl(), CONFIRM_QUEUE: suite.queue() });
  // A fresh profile per run: nothing remembered from an earlier run (sessionStorage, cache).
  profile = mkdtempSync(path.join(tmpdir(), 'oa-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await stack?.stop();
});

async function api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.baseUrl}${route}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const count = async (status: string) => Number(await page.getByTestId(`count-${status}`).textContent());

/** Waits until the page, refreshing on its own, shows `status` at `expected`. */
function pageShows(status: string, expected: number, timeoutMs = 20_000) {
  return eventually(`the dashboard to show ${expected} ${status}`, async () => ((await count(status)) === expected ? true : undefined), timeoutMs, 200);
}

describe('the dashboard', () => {
  it('asks for the admin key, then follows an order from PENDING to CONFIRMED as it happens', async () => {
    // Prepare: the page, before any stock exists
    expect((await api('POST', '/vendors/_reset')).status).toBe(200);
    const response = await page.goto(`${stack.baseUrl}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");

    // Act: a wrong key is refused, the right one opens the dashboard
    await page.getByTestId('admin-key').fill('not-the-key');
    await page.getByTestId('connect').click();
    await page.getByText('That key was refused.').waitFor();
    await page.getByTestId('admin-key').fill(ADMIN_KEY);
    await page.getByTestId('connect').click();
    await page.getByTestId('count-PENDING').waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('order-aggregator.adminKey'))).toBe(ADMIN_KEY);

    // Act: "Sync now" pulls the vendors' stock, and the page shows it with its freshness
    await page.getByTestId('sync-now').click();
    // Offline's scheduler may have started a run just before: the button then says so.
    await page.getByTestId('action-result').getByText(/^(Sync succeeded\.|A sync is already running\.)$/).waitFor({ timeout: 30_000 });
    await page.getByTestId('sync-runs').getByText('succeeded').first().waitFor({ timeout: 30_000 });
    await page.locator('tr[data-sku="SKU-0015"]').waitFor();
    const vendorChips = page.locator('tr[data-sku="SKU-0015"] .chip.fresh');
    expect(await vendorChips.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('tr[data-sku="SKU-0015"] .chip.stale').count()).toBe(0);
    const before = { pending: await count('PENDING'), confirmed: await count('CONFIRMED') };
    expect(before).toEqual({ pending: 0, confirmed: 0 });

    // Act: slow vendors keep the next order PENDING for a few seconds, then it is confirmed
    const vendors = (await api('GET', '/vendors')).body as { vendorId: string }[];
    for (const v of vendors) expect((await api('PUT', `/vendors/${v.vendorId}/_control`, { latencyMs: 3_000 })).status).toBe(200);
    const product = (await api('GET', '/products?sku=SKU-0015')).body.items[0];
    const placed = await api('POST', '/orders', { productId: product.productId, quantity: 2 });
    expect(placed.status).toBe(202);

    // Assess: the page saw it waiting, then confirmed, without being reloaded
    await pageShows('PENDING', 1);
    await pageShows('CONFIRMED', 1, 30_000);
    await pageShows('PENDING', 0);
    expect((await api('GET', `/orders/${placed.body.orderId}`)).body.status).toBe('CONFIRMED');
    for (const v of vendors) await api('PUT', `/vendors/${v.vendorId}/_control`, { latencyMs: 0 });

    // Act: redrive answers even with nothing dead-lettered
    await page.getByTestId('redrive').click();
    await page.getByTestId('action-result').getByText('Redrove 0 dead letters.').waitFor();
    expect(await page.getByTestId('queue-dlq').textContent()).toBe('0');

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    process.stdout.write(`dashboard screenshot: ${SCREENSHOT}\n`);
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
