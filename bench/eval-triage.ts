// Issue 16's evaluation: the labeled triage set (bench/triage/) through the product, as a client
// would use it, measured per half and written to bench/TRIAGE.md (held-out first: the reported
// figures; then dev). Deterministic: fresh databases, fixed dates, stable order.
//
//   pnpm eval:triage               totals, printed and written to bench/TRIAGE.md
//   pnpm eval:triage --show dev    also the dev misses, item by item, for whoever writes rules
//
// Held-out items are never printed: there is no option for it.
import { writeFileSync } from 'node:fs';
import { byDate, HALVES, loadAgency, loadHalf, type Half, type LabeledHalf } from './triage/data.ts';
import { seedAgency } from './triage/agency.ts';
import { runDocuments } from './triage/documents.ts';
import { documentRight, expectedFacts, factsRight, messageRight, sameFact, vocalTypeRight } from './triage/measures.ts';
import { runMessages } from './triage/messages.ts';
import { messagesReachingModel } from './triage/model-share.ts';
import { startProduct } from './triage/product.ts';
import { renderReport, type HalfResult } from './triage/report.ts';
import { replayReviews } from './triage/replay.ts';
import { runVocals } from './triage/vocals.ts';

function parseArgs(argv: string[]): { show: boolean } {
  let show = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--show') {
      const half = argv[++i];
      if (half !== 'dev') throw new Error(`--show takes dev only (held-out items are never printed), not ${half ?? 'nothing'}`);
      show = true;
    } else if (arg === '--show=dev') show = true;
    else throw new Error(`unknown argument ${arg} (usage: eval-triage [--show dev])`);
  }
  return { show };
}

const progress = (text: string) => process.stderr.write(`eval:triage ${text}\n`);

/** One half in a fresh product: messages in date order, then documents, then voice notes. */
async function runHalf(half: Half, labels: LabeledHalf) {
  const agency = loadAgency();
  const product = await startProduct();
  try {
    const seeded = await seedAgency(product.services, agency, agency.properties);
    progress(`${half}: ${labels.messages.length} messages`);
    const messages = await runMessages(product, seeded, [...labels.messages].sort(byDate));
    progress(`${half}: ${labels.documents.length} documents`);
    const documents = await runDocuments(product, seeded, labels.documents);
    progress(`${half}: ${labels.vocals.length} voice notes`);
    const vocals = await runVocals(product, seeded, labels.vocals);
    return { messages, documents, vocals };
  } finally {
    await product.close();
  }
}

function showDevMisses(r: HalfResult) {
  const line = (...parts: unknown[]) => console.log(parts.map((p) => (p === null || p === undefined ? '—' : String(p))).join(' | '));
  console.log('\n# dev misses: messages (id | category | expected | got | review reason | proposed | confidence | reasoning)');
  for (const o of r.messages.filter((o) => !messageRight(o)))
    line(
      o.item.id,
      o.item.category,
      o.item.expected,
      o.attached ?? (o.review ? 'REVIEW' : 'nothing'),
      o.reason,
      o.proposed,
      o.confidence,
      o.reasoning,
    );
  console.log('\n# dev misses: documents (id | category | expected | status | type | reasoning)');
  for (const o of r.documents.filter((o) => !documentRight(o)))
    line(o.item.id, o.item.category, o.item.expected, o.status, o.typeDocument, o.reasoning);
  console.log('\n# dev misses: voice notes (id | category | expected type | type | status | review | facts missed: expected → got)');
  for (const o of r.vocals.filter((o) => !vocalTypeRight(o) || factsRight(o) < expectedFacts(o).length)) {
    const missed = expectedFacts(o)
      .filter(([field, v]) => !sameFact(v, o.fields?.[field]))
      .map(([field, v]) => `${field}: ${JSON.stringify(v)} → ${JSON.stringify(o.fields?.[field] ?? null)}`);
    line(
      o.item.id,
      o.item.category,
      o.item.expectedType,
      o.vocalType,
      o.status,
      o.reviewReasons.join(',') || null,
      missed.join('; ') || null,
    );
  }
}

async function main() {
  const { show } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const agency = loadAgency();
  const labels = Object.fromEntries(HALVES.map((half) => [half, loadHalf(half)])) as Record<Half, LabeledHalf>;
  const runs = {} as Record<Half, Awaited<ReturnType<typeof runHalf>>>;
  for (const half of HALVES) runs[half] = await runHalf(half, labels[half]);

  const all = HALVES.flatMap((half) => labels[half].messages).sort(byDate);
  progress(`learning replay: ${all.length} messages without decisions, then with`);
  const without = await replayReviews(agency, all, false);
  const withDecisions = await replayReviews(agency, all, true);
  progress(`model share: ${all.length} messages with AI_PROVIDER=openai`);
  const reached = await messagesReachingModel(agency, all);

  const results = {} as Record<Half, HalfResult>;
  for (const half of HALVES) {
    const ids = labels[half].messages.map((m) => m.id);
    results[half] = {
      ...runs[half],
      replay: {
        without: ids.filter((id) => without.reviewed.has(id)).length,
        with: ids.filter((id) => withDecisions.reviewed.has(id)).length,
        wrongWithout: ids.filter((id) => without.wrong.has(id)).length,
        wrongWith: ids.filter((id) => withDecisions.wrong.has(id)).length,
        decided: ids.filter((id) => withDecisions.decided.has(id)).length,
        learned: ids.filter((id) => withDecisions.learned.has(id)).length,
        learnedWrong: ids.filter((id) => withDecisions.learned.has(id) && withDecisions.wrong.has(id)).length,
      },
      model: { reached: ids.filter((id) => reached.has(id)).length, of: ids.length },
    };
  }
  const report = renderReport(results);
  writeFileSync(new URL('./TRIAGE.md', import.meta.url), report);
  console.log(report);
  if (show) showDevMisses(results.dev);
  progress(`done in ${Math.round((Date.now() - started) / 1000)} s; written to bench/TRIAGE.md`);
}

await main();
