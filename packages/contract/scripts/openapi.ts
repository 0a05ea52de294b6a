// Writes openapi.json from the contract, or with --check fails when the committed file differs
// or when the Redocly linter (redocly.yaml) finds an error in it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
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
  // The linter's library rather than its CLI, which prints a Node 20 end-of-life banner on every run.
  const config = await loadConfig({ configPath: fileURLToPath(new URL('../redocly.yaml', import.meta.url)) });
  const problems = await lint({ ref: target, config });
  const totals = getTotals(problems);
  formatProblems(problems, { format: 'stylish', totals, version: 'openapi-core' });
  if (totals.errors > 0) process.exit(1);
  console.log(`openapi.json passes the Redocly linter (${totals.warnings} warnings).`);
} else {
  writeFileSync(target, generated);
  console.log(`Wrote ${target}`);
}
