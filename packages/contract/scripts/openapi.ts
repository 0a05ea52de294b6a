// Writes openapi.json from the contract, or with --check fails when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../src/index.ts';

const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
const generated = JSON.stringify(buildOpenApiDocument(), null, 2) + '\n';

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // a missing file is a difference like any other
  }
  if (committed !== generated) {
    console.error('packages/contract/openapi.json is out of date: run `pnpm generate:openapi` and commit it.');
    process.exit(1);
  }
  console.log('openapi.json matches the contract.');
} else {
  writeFileSync(target, generated);
  console.log(`Wrote ${target}`);
}
