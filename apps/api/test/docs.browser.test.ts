import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './harness.ts';

// Debian's chromium, never a browser downloaded by Playwright.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let api: ApiHarness;
let browser: Browser | undefined;
let page: Page;
const requests: string[] = [];
const failed: string[] = [];
const consoleErrors: string[] = [];

const MISSING_CHROMIUM =
  `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` ` +
  '(or set CHROMIUM_PATH to its path). Never `playwright install`.';

beforeAll(async () => {
  api = await startApi();
  // A missing browser fails the test below (never a skip); a browser that will not start fails here.
  if (!existsSync(CHROMIUM_PATH)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('GET /docs in a real browser', () => {
  it('renders Swagger UI with every operation, from local assets only', async () => {
    if (!browser) throw new Error(MISSING_CHROMIUM);
    const docRes = await fetch(`${api.baseUrl}/openapi.json`);
    const doc = (await docRes.json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => ({ path, method })),
    );
    expect(operations.map((op) => op.path)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/me', '/users/{id}']));

    await page.goto(`${api.baseUrl}/docs`, { waitUntil: 'load' });
    await expect(page.title()).resolves.toBe('Monimmo — référence de l’API');
    const heading = page.getByRole('heading', { level: 1, name: /Monimmo API/ });
    await heading.waitFor({ state: 'visible', timeout: 20_000 });
    await expect(heading.innerText()).resolves.toMatch(/^Monimmo API\b/);

    await page.locator('.opblock').first().waitFor({ state: 'visible' });
    await expect(page.locator('.opblock').count()).resolves.toBe(operations.length);
    for (const { path, method } of operations) {
      const block = page.locator(`.opblock.opblock-${method}`).filter({
        has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
      });
      const label = `${method.toUpperCase()} ${path}`;
      await expect(block.count(), label).resolves.toBe(1);
      await block.waitFor({ state: 'visible', timeout: 20_000 });
      await expect(block.locator('.opblock-summary-method').innerText(), label).resolves.toBe(method.toUpperCase());
      await expect(block.locator('.opblock-summary-path').innerText(), label).resolves.toBe(path);
    }

    // Expanding an operation shows its request body and responses.
    const login = page.locator('.opblock.opblock-post').filter({
      has: page.locator('.opblock-summary-path[data-path="/auth/login"]'),
    });
    await login.locator('.opblock-summary-control').click();
    const body = login.locator('.opblock-body');
    await body.waitFor({ state: 'visible', timeout: 20_000 });
    await body.locator('.responses-wrapper').waitFor({ state: 'visible', timeout: 20_000 });
    await expect(body.innerText()).resolves.toContain('Request body');
    await expect(login.getAttribute('class')).resolves.toContain('is-open');

    const screenshot = join(tmpdir(), 'monimmo-docs.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`Swagger UI screenshot: ${screenshot}`);

    expect(requests.length).toBeGreaterThanOrEqual(5); // page, css, bundle, init, openapi.json
    expect(requests).toContain(`${api.baseUrl}/openapi.json`);
    expect(requests.filter((url) => !url.startsWith(`${api.baseUrl}/`))).toEqual([]);
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
