import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: ['apps/web/src/**', '**/node_modules/**'],
        },
      },
      {
        // The web app's components and hooks run in a simulated browser.
        extends: true,
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.{ts,tsx}', 'apps/web/test/**/*.test.tsx'],
          environment: 'happy-dom',
          globalSetup: ['apps/web/test/global-setup.ts'],
          setupFiles: ['apps/web/test/setup.ts'],
        },
      },
    ],
    // The AWS SDK warns once per process on Node 20 that its releases after early January 2027
    // need Node 22; packages/storage pins it to a release that runs on 20, and the smoke test
    // covers Node 24, so the suite keeps its output for real problems.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.{ts,tsx}'],
      // Entry points run as child processes in their tests (apps/api/test/process.test.ts),
      // where in-process coverage cannot see them.
      exclude: ['**/*.test.{ts,tsx}', '**/test/**', 'apps/*/src/main.{ts,tsx}'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 80, branches: 80 },
    },
  },
});
