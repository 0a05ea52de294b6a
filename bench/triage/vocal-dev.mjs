// A rule writer's loop on the DEV half of the voice notes only: calls detectVocalType and
// extractInitialVisit directly, the way the pipeline does (type below the floor → review; facts
// read for a note typed as a first visit or left to review), on two folds of dev chosen by a hash
// of the id: tune on one, keep a change only if the other holds. It refuses any other half.
//
//   node --import tsx bench/triage/vocal-dev.mjs [--show] [--fold a|b]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractInitialVisit } from '../../packages/ai/src/mock/initial-visit.ts';
import { matchByRules } from '../../packages/ai/src/mock/match.ts';
import { detectVocalType } from '../../packages/ai/src/mock/vocal-type.ts';
import { MESSAGE_PROPERTY_FLOOR, VOCAL_TYPE_FLOOR } from '../../packages/ai/src/types.ts';
import { expectedFacts, sameFact } from './measures.ts';
import { asCandidate } from './dev-candidates.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.some((a) => /held/i.test(a))) throw new Error('vocal-dev reads the dev half only');
const show = args.includes('--show');
const only = args.includes('--fold') ? args[args.indexOf('--fold') + 1] : null;

const vocals = JSON.parse(readFileSync(join(HERE, 'dev', 'vocals.json'), 'utf8'));
const agency = JSON.parse(readFileSync(join(HERE, 'agency.json'), 'utf8'));
// The agency's properties and the dev notes' own, as the MATCH stage sees them (archived ones aside).
const vocalProperties = vocals
  .filter((v) => v.property)
  .map((v, i) => ({ key: `vocal:${i}`, ...v.property, status: 'EN_DIFFUSION', details: {} }));
const properties = [...agency.properties.filter((p) => p.status !== 'ARCHIVE'), ...vocalProperties];
const candidates = properties.map(asCandidate);
const byKey = new Map(properties.map((p) => [p.key, p]));
/** The property the pipeline ties a note to: the one it was uploaded with, else the one MATCH attaches. */
function tied(item) {
  if (item.property) return { ...item.property, details: {}, status: 'EN_DIFFUSION' };
  const match = matchByRules({ text: item.transcript, candidates });
  if (!match.propertyId || match.ambiguous || match.confidence < MESSAGE_PROPERTY_FLOOR) return null;
  const p = byKey.get(match.propertyId);
  return {
    title: p.title,
    address: p.address,
    postalCode: p.postalCode,
    city: p.city,
    price: p.price ?? null,
    details: p.details ?? {},
    status: p.status,
  };
}
const foldOf = (id) => (parseInt(createHash('sha256').update(`vocal-fold:${id}`).digest('hex').slice(0, 8), 16) % 2 ? 'b' : 'a');

const totals = {};
for (const item of vocals) {
  const fold = foldOf(item.id);
  if (only && fold !== only) continue;
  // What bench/triage/vocals.ts enters: the labeled property, on sale, with its price.
  const property = tied(item);
  const detection = detectVocalType({ transcript: item.transcript, property });
  const vocalType = detection.vocalType && detection.confidence >= VOCAL_TYPE_FLOOR ? detection.vocalType : null;
  const fields = vocalType === null || vocalType === 'VISITE_INITIALE' ? extractInitialVisit(item.transcript).fields : null;
  const outcome = { item, vocalType, fields };
  const facts = expectedFacts(outcome);
  const right = facts.filter(([f, v]) => sameFact(v, fields?.[f]));
  for (const key of [fold, `${fold} ${item.category}`]) {
    const t = (totals[key] ??= { n: 0, right: 0, review: 0, wrong: 0, facts: 0, of: 0 });
    t.n++;
    if (vocalType === item.expectedType) t.right++;
    else if (vocalType === null) t.review++;
    else t.wrong++;
    t.facts += right.length;
    t.of += facts.length;
  }
  const bad = vocalType !== item.expectedType || right.length < facts.length;
  if (show && bad) {
    console.log(
      `\n${item.id} [${fold} ${item.category}] expected ${item.expectedType} got ${vocalType} (${detection.vocalType} ${detection.confidence})`,
    );
    console.log(`  ${detection.reasoning}`);
    for (const [f, v] of facts)
      if (!sameFact(v, fields?.[f])) console.log(`  ${f}: expected ${JSON.stringify(v)} got ${JSON.stringify(fields?.[f])}`);
    if (args.includes('--text')) console.log(`  « ${item.transcript} »`);
  }
}
for (const [key, t] of Object.entries(totals).sort())
  console.log(`${key.padEnd(30)} n=${t.n} type right ${t.right} review ${t.review} wrong ${t.wrong}  facts ${t.facts}/${t.of}`);
