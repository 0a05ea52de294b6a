// Debian's chromium for the browser benchmarks (bench/web.mjs, bench/live-events.mjs), never a
// browser downloaded by Playwright, with the flags of the web app's end-to-end tests.
import { createRequire } from 'node:module';

const { chromium } = createRequire(new URL('../apps/web/package.json', import.meta.url))('playwright-core');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const launchChromium = () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ARGS });
