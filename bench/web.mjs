// The web app in headless chromium, against the built API serving the built app:
//   - JavaScript and CSS sent (compressed, as on the wire) for the first screen after sign-in,
//     the kanban, against a budget of 200 KB;
//   - with BENCH_WEB_PROPERTIES (default 500) properties in the agency, the time from navigation
//     to a rendered kanban (8 columns, cards in them), against the sign-in screen's own time
//     in the same run (the baseline: the same app shell, no data);
//   - the time from dropping a card (mouse) to the card in its new column.
//
//   pnpm bench:web            (builds, then runs this file)
//   node bench/web.mjs        (uses the existing builds)
//
// Knobs: BENCH_WEB_RUNS (navigations and drops measured, default 7; the median is reported),
// BENCH_WEB_PROPERTIES, BENCH_NO_WRITE=1 (print only). Needs Debian's chromium (CHROMIUM_PATH).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { freePort, stop } from './processes.mjs';
import { seedProperties } from './seed-properties.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const PROPERTIES = Number(process.env.BENCH_WEB_PROPERTIES ?? 500);
const BUDGET_KB = 200;
const STATUS_LABELS = ['Prospection', 'Mandat signé', 'En diffusion', 'Visites', 'Offres', 'Compromis', 'Vendu', 'Archivé'];
const CREDENTIALS = { email: 'bench-web@example.com', password: 'bench-password-123' };

if (!existsSync(API_MAIN) || !existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
  console.error('Build first: pnpm build (or pnpm bench:web, which does).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'monimmo-bench-web-'));
const dbPath = join(dir, 'bench.db');
let child;

async function startApi() {
  const port = await freePort();
  child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${dbPath}`,
      LOCAL_STORAGE_DIR: join(dir, 'storage'),
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-web-secret-bench-web-secret-0123456789',
      STORAGE_SIGNING_SECRET: 'bench-web-storage-secret-0123456789-abcdefgh',
      INTEGRATION_TOKEN_SECRET: 'bench-web-integration-secret-0123456789-abcd',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return base;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not start');
}

const stopApi = () => (child ? stop(child) : Promise.resolve());

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Waits until the 8 columns are on screen with cards in them; returns the ms since `start`. */
async function kanbanRendered(page) {
  for (const label of STATUS_LABELS) await page.getByRole('region', { name: new RegExp(`^${label}`) }).waitFor();
  await page
    .getByRole('region', { name: /^Prospection/ })
    .getByRole('link')
    .first()
    .waitFor();
}

async function main() {
  let base = await startApi();
  const registered = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Agence du Banc', firstName: 'Camille', lastName: 'Mesure', ...CREDENTIALS }),
  });
  if (!registered.ok) throw new Error(`register answered ${registered.status}`);
  const session = await registered.json();
  await stopApi();
  await seedProperties(dbPath, { orgId: session.organization.id, agentId: session.user.id, count: PROPERTIES });
  base = await startApi();

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const sent = new Map();
    const types = new Map();
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => sent.set(e.requestId, e.encodedDataLength));

    // Sign in once through the screen: the HttpOnly cookie then restores the session on each visit.
    await page.goto(`${base}/connexion`);
    await page.getByLabel('Adresse e-mail').fill(CREDENTIALS.email);
    await page.getByLabel('Mot de passe').fill(CREDENTIALS.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // A sign-in lands on the dashboard; the measured navigation below is to the kanban.
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
    await page.goto(`${base}/biens`);
    await kanbanRendered(page);

    const loginTimes = [];
    const kanbanTimes = [];
    let assetBytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      await context.clearCookies();
      let started = Date.now();
      await page.goto(`${base}/connexion`);
      await page.getByRole('button', { name: 'Se connecter' }).waitFor();
      loginTimes.push(Date.now() - started);
      await page.getByLabel('Adresse e-mail').fill(CREDENTIALS.email);
      await page.getByLabel('Mot de passe').fill(CREDENTIALS.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();

      sent.clear();
      types.clear();
      started = Date.now();
      await page.goto(`${base}/biens`);
      await kanbanRendered(page);
      kanbanTimes.push(Date.now() - started);
      await page.waitForLoadState('networkidle');
      let bytes = 0;
      for (const [id, length] of sent) if (types.get(id) === 'Script' || types.get(id) === 'Stylesheet') bytes += length;
      assetBytes = Math.max(assetBytes, bytes);
    }

    const dropTimes = [];
    for (let run = 0; run < RUNS; run += 1) {
      const from = page.getByRole('region', { name: /^Prospection/ });
      const to = page.getByRole('region', { name: /^Mandat signé/ });
      const card = from.getByRole('link').first();
      const href = await card.getAttribute('href');
      const a = await card.boundingBox();
      const b = await to.boundingBox();
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      // dnd-kit starts a drag after a few pixels: move in steps, as a hand does.
      await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 5, { steps: 4 });
      await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 10 });
      const started = Date.now();
      await page.mouse.up();
      await to.locator(`a[href="${href}"]`).waitFor();
      dropTimes.push(Date.now() - started);
      await page.waitForLoadState('networkidle');
    }

    const kb = assetBytes / 1024;
    const rows = [
      '| measure | value | bar |',
      '|---|---|---|',
      `| JS + CSS for the kanban after sign-in (compressed, on the wire) | ${kb.toFixed(1)} KB | ${BUDGET_KB} KB budget: ${kb <= BUDGET_KB ? 'met' : 'missed'} |`,
      `| navigation → rendered kanban, ${PROPERTIES} properties (median of ${RUNS}) | ${median(kanbanTimes)} ms | ${(median(kanbanTimes) / median(loginTimes)).toFixed(2)}x the sign-in screen |`,
      `| navigation → sign-in screen (baseline, same run) | ${median(loginTimes)} ms | 1x |`,
      `| drop → card in its new column (median of ${RUNS}) | ${median(dropTimes)} ms | optimistic: before the API answers |`,
    ];
    const report = [
      `- date: ${new Date().toISOString()}; node ${process.version}; nproc ${execFileSync('nproc').toString().trim()}; headless chromium, HTTP cache disabled`,
      `- command: \`node bench/web.mjs\` (BENCH_WEB_RUNS=${RUNS}, BENCH_WEB_PROPERTIES=${PROPERTIES})`,
      '',
      ...rows,
    ];
    console.log(report.join('\n'));
    if (!process.env.BENCH_NO_WRITE) writeSection(report);
  } finally {
    await browser.close();
  }
}

function writeSection(lines) {
  const marker = 'web';
  const start = `<!-- ${marker}:start (written by bench/web.mjs; the text outside these markers is kept) -->`;
  const section = [start, ...lines, `<!-- ${marker}:end -->`].join('\n');
  const current = readFileSync(RESULTS, 'utf8');
  const pattern = new RegExp(`<!-- ${marker}:start[\\s\\S]*?<!-- ${marker}:end -->`);
  const heading = '# Benchmark: the web app in a browser (bench/web.mjs)';
  writeFileSync(
    RESULTS,
    pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${heading}\n\n${section}\n`,
  );
}

try {
  await main();
} finally {
  await stopApi();
  rmSync(dir, { recursive: true, force: true });
}
