// bench/TRIAGE.md: totals only (never an item), held-out first as the reported figures, then dev.
import { HALVES, type Half } from './data.ts';
import type { DocumentOutcome } from './documents.ts';
import { cell, documentMeasures, messageMeasures, percent, ratio, vocalMeasures } from './measures.ts';
import type { MessageOutcome } from './messages.ts';
import type { VocalOutcome } from './vocals.ts';

export interface HalfResult {
  messages: MessageOutcome[];
  documents: DocumentOutcome[];
  vocals: VocalOutcome[];
  /** Messages of this half reaching review in the replay of both halves. */
  replay: {
    without: number;
    with: number;
    wrongWithout: number;
    wrongWith: number;
    decided: number;
    /** Attached, with decisions applied, on a learned sender; and of those, wrongly. */
    learned: number;
    learnedWrong: number;
  };
  /** Messages of this half that caused a chat request with AI_PROVIDER=openai. */
  model: { reached: number; of: number };
}

const table = (head: string[], rows: (string | number)[][]) => [
  `| ${head.join(' | ')} |`,
  `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

function halfSection(half: Half, r: HalfResult): string[] {
  const m = messageMeasures(r.messages);
  const d = documentMeasures(r.documents);
  const v = vocalMeasures(r.vocals);
  const failed = [
    r.messages.filter((o) => o.reason === 'MESSAGE_PROCESSING_ERROR').length,
    r.documents.filter((o) => o.reason === 'FILE_PROCESSING_ERROR').length,
    r.vocals.filter((o) => o.reviewReasons.includes('VOCAL_PROCESSING_ERROR')).length,
  ];
  const title = half === 'held-out' ? 'Held-out (the reported figures)' : 'Dev (the rules are written against these)';
  return [
    `## ${title}`,
    '',
    `Jobs that failed on every attempt (to review with an error): ${failed[0]} messages, ${failed[1]} documents, ${failed[2]} voice notes.`,
    '',
    `### Messages (${m.total})`,
    '',
    `- wrongly attached (to another property than the label's, over all messages): ${cell(m.wronglyAttached)}`,
    `- attached automatically when a property was meant: ${cell(m.attachedWhenMeant)}`,
    `- description-only messages attached to the right property: ${m.descriptionOnly.n} of ${m.descriptionOnly.of}`,
    `- NONE / AMBIGUOUS sent to review: ${cell(m.noPropertyToReview)}`,
    `- items reaching review in the date-order replay: ${r.replay.without} without decisions applied, ${r.replay.with} with (${r.replay.decided} settled by Claire); wrongly attached: ${r.replay.wrongWithout} without, ${r.replay.wrongWith} with`,
    `- share reaching the model (AI_PROVIDER=openai): ${cell(ratio(r.model.reached, r.model.of))}`,
    '',
    ...table(
      ['category', 'messages', 'right', 'review', 'wrongly attached'],
      m.categories.map((c) => [c.category, c.n, c.right, c.review, c.wrong]),
    ),
    '',
    `### Documents (${d.total})`,
    '',
    `- type right (classified with the label's type, or sent to review when the label says REVIEW): ${cell(d.typeRight)}`,
    `- typed confidently but wrongly (classified with another type): ${cell(d.confidentWrong)}`,
    '',
    ...table(
      ['category', 'documents', 'right', 'review', 'confident-wrong'],
      d.categories.map((c) => [c.category, c.n, c.right, c.review, c.confidentWrong]),
    ),
    '',
    `### Voice notes (${v.total})`,
    '',
    `- type right: ${cell(v.typeRight)}; typed wrongly: ${cell(v.typeWrong)}`,
    `- first-visit facts extracted with the right value: ${cell(v.facts)}; of the notes the pipeline typed as first visits: ${cell(v.factsWhenTyped)}`,
    '',
    ...table(
      ['category', 'notes', 'type right', 'type to review', 'type wrong', 'first-visit facts'],
      v.categories.map((c) => [c.category, c.n, c.typeRight, c.typeReview, c.typeWrong, c.facts.of ? cell(c.facts) : '—']),
    ),
    '',
  ];
}

export function renderReport(results: Record<Half, HalfResult>): string {
  const lines = [
    '# Triage quality (issue 16)',
    '',
    'Written by `pnpm eval:triage` (bench/eval-triage.ts); do not edit by hand. The labeled set',
    '(bench/triage/) goes through the product as a client would: a fresh SQLite database, the agency',
    'registered and entered through the services, messages, documents (real PDF, JPEG, PNG and HEIF',
    'bytes) and voice notes (WAV recordings) handled by the product’s own jobs, results read back',
    'through the services. Mock AI unless said otherwise. Only totals are shown; `--show dev` prints',
    'the dev misses, nothing prints held-out items.',
    '',
    ...HALVES.flatMap((half) => halfSection(half, results[half])),
    '## Learning replay and model share',
    '',
    'Replay: every message of both halves in date order; « with » means an agent (Claire) settles each',
    'review item as soon as it appears, with the label (attach to the labeled property, dismiss NONE and',
    'AMBIGUOUS). « Learned sender »: attached, in the run with decisions, because the sender’s previous',
    'message went there (filed by a person, or attached by the AI on a clear cue). Model share: the same',
    'messages with AI_PROVIDER=openai against the fake OpenAI server.',
    '',
    ...table(
      [
        'half',
        'messages',
        'review without decisions',
        'review with decisions',
        'wrongly attached without / with',
        'settled by Claire',
        'attached on a learned sender (wrongly)',
        'reaching the model',
      ],
      HALVES.map((half) => {
        const r = results[half];
        return [
          half,
          r.messages.length,
          r.replay.without,
          r.replay.with,
          `${r.replay.wrongWithout} / ${r.replay.wrongWith}`,
          r.replay.decided,
          `${r.replay.learned} (${r.replay.learnedWrong})`,
          `${r.model.reached} (${percent(ratio(r.model.reached, r.model.of))})`,
        ];
      }),
    ),
    '',
  ];
  return lines.join('\n');
}
