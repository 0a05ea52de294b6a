// A rule writer's loop on the DEV half only: calls matchByRules directly on bench/triage/dev/messages.json,
// replaying the messages in date order, with a person's decision (the label) recorded whenever a message
// lands in review, the way the product learns a sender. It refuses any other half: the held-out half is
// measured by `pnpm eval:triage`, never read by rules' authors.
//
// --fold 0|1 keeps one of two folds drawn by a hash of the id: tune on one, check on the other.
//
//   node --import tsx bench/triage/match-dev.mjs [--show] [--no-history] [--fold 0|1]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchByRules } from '../../packages/ai/src/mock/match.ts';
import { asCandidate } from './dev-candidates.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.some((a) => /held/i.test(a))) throw new Error('match-dev reads the dev half only');
const show = args.includes('--show');
const withHistory = !args.includes('--no-history');
const FLOOR = 0.6;
const foldAt = args.indexOf('--fold');
const fold = foldAt >= 0 ? Number(args[foldAt + 1]) : null;
const foldOf = (id) => createHash('sha256').update(id).digest()[0] % 2;

const agency = JSON.parse(readFileSync(join(HERE, 'agency.json'), 'utf8'));
const messages = JSON.parse(readFileSync(join(HERE, 'dev', 'messages.json'), 'utf8')).filter((m) => fold === null || foldOf(m.id) === fold);
const byKey = new Map(agency.properties.map((p) => [p.key, p]));
// What core's selectCandidates sends: every property but the archived ones, participants then prospects.
const candidates = agency.properties.filter((p) => p.status !== 'ARCHIVE').map(asCandidate);

const senderKey = (from) => (from.email ? from.email.toLowerCase() : from.phone.replace(/\D/g, '').replace(/^33/, '0'));
const history = new Map();
const rows = [];
for (const m of [...messages].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
  const key = senderKey(m.from);
  const match = matchByRules({
    subject: m.subject,
    text: m.text,
    sender: m.from,
    candidates,
    senderHistory: withHistory ? history.get(key) : undefined,
  });
  const attached = !match.ambiguous && match.propertyId && match.confidence >= FLOOR ? match.propertyId : null;
  const got = attached ?? (match.ambiguous ? 'AMBIGUOUS' : 'NONE');
  rows.push({ m, match, got, attached });
  // A message in review is filed by a person; only their decisions teach, and only for a property on sale.
  if (!attached && byKey.has(m.expected) && !['VENDU', 'ARCHIVE'].includes(byKey.get(m.expected).status)) {
    history.set(key, { propertyId: m.expected, messageReceivedAt: m.receivedAt, decidedBy: 'Claire' });
  }
}

const pct = (a, b) => (b ? `${((a / b) * 100).toFixed(1)} %` : '–');
const meant = rows.filter((r) => byKey.has(r.m.expected));
const wrong = rows.filter((r) => r.attached && r.attached !== r.m.expected);
const right = meant.filter((r) => r.attached === r.m.expected);
console.log(`dev messages: ${rows.length}`);
console.log(`wrongly attached: ${wrong.length} (${pct(wrong.length, rows.length)})`);
console.log(`attached when a property was meant: ${right.length}/${meant.length} (${pct(right.length, meant.length)})`);
console.log(`review: ${rows.filter((r) => !r.attached).length}`);
const decisive = rows.filter((r) => r.match.decisive);
console.log(`decisive: ${decisive.length}, wrong among them: ${decisive.filter((r) => r.match.propertyId !== r.m.expected).length}`);
const cats = new Map();
for (const r of rows) {
  const c = cats.get(r.m.category) ?? { n: 0, ok: 0, wrong: 0 };
  c.n++;
  const ok = r.attached ? r.attached === r.m.expected : !byKey.has(r.m.expected);
  if (ok) c.ok++;
  if (r.attached && r.attached !== r.m.expected) c.wrong++;
  cats.set(r.m.category, c);
}
for (const [c, v] of cats) console.log(`  ${c.padEnd(18)} right ${v.ok}/${v.n}  wrong-attached ${v.wrong}`);
// Calibration: how often an answer at each confidence band names the expected property.
const bands = [0.6, 0.7, 0.8, 0.9, 1.01];
for (let i = 0; i < bands.length - 1; i++) {
  const inBand = rows.filter((r) => r.attached && r.match.confidence >= bands[i] && r.match.confidence < bands[i + 1]);
  console.log(
    `  confidence [${bands[i]}, ${bands[i + 1]}): ${inBand.filter((r) => r.attached === r.m.expected).length}/${inBand.length} right`,
  );
}
if (show) {
  for (const r of rows) {
    const ok = r.attached ? r.attached === r.m.expected : !byKey.has(r.m.expected) || false;
    if (ok && r.got === r.m.expected) continue;
    console.log(`\n✗ ${r.m.id} [${r.m.category}] expected ${r.m.expected}, got ${r.got} (${r.match.confidence})\n  ${r.match.reasoning}`);
  }
}
