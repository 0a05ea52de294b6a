import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One ESM bundle: our workspace packages and pure-JS libraries inlined (so they are
// devDependencies). Native addons, pino (it spawns worker files) and the docs assets stay
// in node_modules: they are the package's only runtime dependencies.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^(?!@libsql\/|libsql|@node-rs\/|pino|swagger-ui-dist)/],
  external: ['@libsql/client', '@node-rs/argon2', 'pino', 'swagger-ui-dist'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  onSuccess: async () => {
    cpSync('../../packages/db/migrations', 'dist/migrations', { recursive: true });
  },
});
