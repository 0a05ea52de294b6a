// Splits the labeled triage set, once, into a development half (rules are written against it)
// and a held-out half (only measured). Each category is halved on its own, in an order fixed by
// a seed, so both halves hold every kind of case. Re-running it on both halves gives the same
// halves: nothing can be moved from one side to the other by hand. Items written later carry a
// `batch` number and are halved among themselves, so growing the set never moves an older item.
//
//   node bench/triage/split.mjs            (reads all/<kind>.json or dev/ + held-out/, writes dev/ and held-out/)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 'monimmo-triage-2026-12';
const KINDS = ['messages', 'documents', 'vocals'];
const UPLOADABLE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/heic']);

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : []);
const rank = (id) => createHash('sha256').update(`${SEED}:${id}`).digest('hex');

for (const kind of KINDS) {
  const whole = join(HERE, 'all', `${kind}.json`);
  const items = [...read(whole), ...read(join(HERE, 'dev', `${kind}.json`)), ...read(join(HERE, 'held-out', `${kind}.json`))];
  if (!items.length) continue;
  const ids = new Set();
  for (const item of items) {
    if (ids.has(item.id)) throw new Error(`${kind}: duplicate id ${item.id}`);
    // What the product accepts and the eval can build bytes for (documents.ts): anything else is refused at upload.
    if (kind === 'documents' && !UPLOADABLE.has(item.mimeType)) throw new Error(`${item.id}: ${item.mimeType} is not uploadable`);
    ids.add(item.id);
  }
  const halves = { dev: [], 'held-out': [] };
  const groups = new Map();
  for (const item of items) {
    const key = `${item.batch ?? 1}:${item.category}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const group of groups.values()) {
    const ordered = [...group].sort((a, b) => (rank(a.id) < rank(b.id) ? -1 : 1));
    ordered.forEach((item, i) => halves[i % 2 === 0 ? 'dev' : 'held-out'].push(item));
  }
  for (const [half, list] of Object.entries(halves)) {
    // Kept in the authors' order (dates, then ids) so files read naturally and diffs stay small.
    const order = new Map(items.map((item, i) => [item.id, i]));
    list.sort((a, b) => order.get(a.id) - order.get(b.id));
    mkdirSync(join(HERE, half), { recursive: true });
    writeFileSync(join(HERE, half, `${kind}.json`), `${JSON.stringify(list, null, 2)}\n`);
  }
  if (existsSync(whole)) rmSync(whole);
  console.log(`${kind}: ${halves.dev.length} dev, ${halves['held-out'].length} held-out`);
}
if (existsSync(join(HERE, 'all'))) rmSync(join(HERE, 'all'), { recursive: true, force: true });
