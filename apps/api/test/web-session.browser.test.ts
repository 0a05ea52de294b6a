import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, startApi, type ApiHarness } from './harness.ts';

// Debian's chromium, never a browser downloaded by Playwright.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-sync',
  '--no-first-run',
];
const MISSING_CHROMIUM =
  `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` ` +
  '(or set CHROMIUM_PATH to its path). Never `playwright install`.';

// The inline script stands for an injected one: the CSP must keep it from running.
const INDEX = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Monimmo</title>
<script type="module" src="/assets/app-Q1w2e3r4.js"></script>
<script>document.documentElement.dataset.inline = 'ran';</script>
</head><body><div id="root"></div></body></html>
`;
const APP = "document.documentElement.dataset.app = 'ran';\n";

let tmp: string;
let api: ApiHarness;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'monimmo-web-session-'));
  mkdirSync(join(tmp, 'assets'));
  writeFileSync(join(tmp, 'index.html'), INDEX);
  writeFileSync(join(tmp, 'assets', 'app-Q1w2e3r4.js'), APP);
  api = await startApi({ WEB_APP_DIR: tmp });
  // A missing browser fails the test below (never a skip); a browser that will not start fails here.
  if (!existsSync(CHROMIUM_PATH)) return;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** What the session procedures answer, loosely: each test reads the part it expects. */
interface Envelope {
  result: { data: { accessToken?: string; refreshToken?: string; ok?: true } };
  error: { data: { code: string; details: { reason?: string } } };
}

/** A JSON POST from the page, as the web app's tRPC client makes it. */
const post = (path: string, body?: unknown) =>
  page.evaluate(
    async ([p, b]) => {
      const res = await fetch(p as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, json: (await res.json()) as Envelope };
    },
    [path, body] as const,
  );

/** The Cookie header the browser itself sent with the request to `path` that `action` makes. */
async function cookieSentTo(path: string, action: () => Promise<unknown>): Promise<string> {
  const [request] = await Promise.all([page.waitForRequest((r) => new URL(r.url()).pathname === path), action()]);
  return (await request.headerValue('cookie')) ?? '';
}

describe('the web app and its session cookie in a real browser', () => {
  it('loads an app route under the CSP, and keeps the refresh token out of reach of scripts', async () => {
    if (!browser) throw new Error(MISSING_CHROMIUM);
    const response = await page.goto(`${api.baseUrl}/biens/0193a0b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b`);
    expect(response?.status()).toBe(200);
    await page.waitForFunction("document.documentElement.dataset.app === 'ran'");
    expect(await page.evaluate('document.documentElement.dataset.inline')).toBeUndefined();

    const input = newAgency();
    const registered = await post('/trpc/session.register', input);
    expect(registered.status).toBe(200);
    expect(registered.json.result.data.accessToken).toBeTruthy();
    expect(registered.json.result.data.refreshToken).toBeUndefined();
    expect(await page.evaluate('document.cookie')).toBe('');

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'monimmo_refresh', path: '/trpc', httpOnly: true, sameSite: 'Strict', secure: false });

    // The browser sends it to the session procedures by itself, and refresh rotates it.
    let refreshed: Awaited<ReturnType<typeof post>> | undefined;
    const sent = await cookieSentTo('/trpc/session.refresh', async () => (refreshed = await post('/trpc/session.refresh')));
    expect(sent).toBe(`monimmo_refresh=${cookie!.value}`);
    expect(refreshed!.status).toBe(200);
    const [rotated] = await context.cookies();
    expect(rotated!.value).not.toBe(cookie!.value);

    // Never to REST, nor to the pages.
    expect(await cookieSentTo('/api/v1/me', () => page.evaluate(() => fetch('/api/v1/me').then((r) => r.text())))).toBe('');
    expect(await cookieSentTo('/biens', () => page.goto(`${api.baseUrl}/biens`))).toBe('');

    const out = await post('/trpc/session.logout');
    expect(out).toMatchObject({ status: 200, json: { result: { data: { ok: true } } } });
    expect(await context.cookies()).toEqual([]);
    const after = await post('/trpc/session.refresh');
    expect(after.status).toBe(401);
    expect(after.json.error.data.details.reason).toBe('NO_SESSION_COOKIE');
  });

  it('would never send a cookie whose path ends mid-segment, hence Path=/trpc', async () => {
    if (!browser) throw new Error(MISSING_CHROMIUM);
    const { hostname } = new URL(api.baseUrl);
    await context.addCookies([
      { name: 'probe', value: '1', domain: hostname, path: '/trpc/session.' },
      { name: 'control', value: '1', domain: hostname, path: '/trpc' },
    ]);
    expect(await cookieSentTo('/trpc/session.refresh', () => post('/trpc/session.refresh'))).toBe('control=1');
    await context.clearCookies();
  });
});
