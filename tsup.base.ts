import { cpSync } from 'node:fs';
import type { Options } from 'tsup';

/**
 * The apps' bundles: one ESM file with our workspace packages and pure-JS libraries inlined.
 * Native addons, pino (it spawns worker files) and the docs assets stay in node_modules:
 * they are the apps' only runtime dependencies. The migrations travel beside the bundle.
 */
export const appBundle = (external: string[]): Options => ({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [new RegExp(`^(?!${external.map((e) => e.replace(/[/.]/g, '\\$&')).join('|')})`)],
  external,
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  onSuccess: async () => {
    cpSync('../../packages/db/migrations', 'dist/migrations', { recursive: true });
  },
});
