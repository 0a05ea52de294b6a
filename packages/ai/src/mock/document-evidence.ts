import type { TypeDocument } from '@monimmo/contract/vocabulary';
import { fold } from '../text.ts';
import { RULES, type Rule, type Scope } from './document-rules.ts';
import { allowedEdits, approximateDistance, phrasesOf, skeleton } from './ocr-fuzzy.ts';

/** What one page (or a name, a caption) says for one type. */
export interface Evidence {
  score: number;
  /** A naming phrase (weight ≥ 2) stands in a title line: the page is this document, not a mention of it. */
  titled: boolean;
  /** Part of the score was found only by the OCR-tolerant search. */
  fuzzy: boolean;
  /** The page opens with this naming phrase (« ANNEXE 3 — ÉTAT DES RISQUES… »): a new document starts here. */
  opens?: boolean;
}

export type Scores = Map<TypeDocument, Evidence>;

/** A phrase in a title line counts three times. */
const HEADING_FACTOR = 3;
/** Only phrases that name a document are titles; « tantièmes » atop a table is not one. */
const TITLE_WEIGHT = 2;
/**
 * A document named with a date or an amount after it (« le compromis du 3 novembre », « taxe
 * foncière 610 € »), or as what another paper goes with (« à joindre à la promesse de vente »,
 * « l’état daté annexé »), is another paper, referred to.
 */
const REFERENCE_FACTOR = 0.4;
/** A phrase found only through OCR errors counts a little less than a clean one. */
const FUZZY_FACTOR = 0.85;
/** A type the clean text gives this much needs no fuzzy search. */
const STRONG_SCORE = 3;
/** The fuzzy search reads the start of each page, where titles are. */
const FUZZY_CHARS = 2500;

const REFERENCE_AFTER =
  /^ (?:(?:signee?s? |etablie?s? |passee? |conclue? )?(?:du|le|en date du) (?:\d{1,2}|1er|premier) |annexee?s? |ci (?:joint|annexe)|(?!(?:19|20)\d\d )\d)/;
const REFERENCE_BEFORE =
  / (?:a joindre|joint|jointe|annexee?|en vue|suite|concernant|relati(?:f|ve)|renvoi) (?:a|au|aux|de|du|des|le|la|l)(?: la| l)?$/;

const globalPattern = new Map<Rule, RegExp>(RULES.map((r) => [r, new RegExp(` (?:${r.source})(?= )`, 'g')]));

/**
 * The phrases the fuzzy search looks for: those that name a document, long enough not to be found
 * by chance; the heaviest first, so that a type is credited with its best phrase only.
 */
const FUZZY_PHRASES = new Map<Rule, string[]>(
  [...RULES]
    .sort((a, b) => b.weight - a.weight)
    .filter((r) => r.weight >= TITLE_WEIGHT && r.scope !== 'name')
    .map((r) => {
      return [r, phrasesOf(r.source).filter((p) => skeleton(p).length >= 9)];
    }),
);

/** 1 for a plain match, REFERENCE_FACTOR when every occurrence refers to another paper, 0 for none. */
function matchFactor(rule: Rule, folded: string): number {
  if (!rule.pattern.test(folded)) return 0;
  const pattern = globalPattern.get(rule)!;
  let factor = 0;
  for (const match of folded.matchAll(pattern)) {
    const after = folded.slice(match.index + match[0].length, match.index + match[0].length + 40);
    const before = folded.slice(Math.max(0, match.index - 30), match.index);
    factor = Math.max(factor, REFERENCE_AFTER.test(after) || REFERENCE_BEFORE.test(before) ? REFERENCE_FACTOR : 1);
    if (factor === 1) break;
  }
  return factor;
}

function add(scores: Scores, type: TypeDocument, score: number, titled = false, fuzzy = false, opens = false) {
  const current = scores.get(type) ?? { score: 0, titled: false, fuzzy: false };
  scores.set(type, {
    score: current.score + score,
    titled: current.titled || titled,
    fuzzy: current.fuzzy || fuzzy,
    ...(current.opens || opens ? { opens: true } : {}),
  });
}

/** What may stand before a title at the top of a page: « Annexe 3 — », « Extrait du », « Diagnostic », « Avis de ». */
const TITLE_PREFIX =
  /^(?: (?:annexe|piece|extrait|copie|rapport|attestation|certificat|diagnostic|constat|avis|releve|du|de|des|d|la|le|l|n|no|\d+|[ivx]+))* $/;

/** Whether the first line of the page starts with this rule's phrase. */
function opensWith(rule: Rule, firstLine: string): boolean {
  for (const match of firstLine.matchAll(globalPattern.get(rule)!)) {
    if (TITLE_PREFIX.test(firstLine.slice(0, match.index + 1))) return true;
  }
  return false;
}

const inScope = (rule: Rule, scopes: readonly Scope[]) => rule.scope === 'both' || scopes.includes(rule.scope);

/** A file name, a caption: every phrase once, no title. */
export function scoreWords(text: string, scopes: readonly Scope[]): Scores {
  const folded = fold(text);
  const scores: Scores = new Map();
  for (const rule of RULES) if (inScope(rule, scopes) && rule.pattern.test(folded)) add(scores, rule.type, rule.weight);
  return scores;
}

/**
 * Where a title stands: the first line, with the lines it runs on to when long (a wrapped title),
 * an « Objet : » line, and lines in capitals near the top.
 */
const WRAPPED_LINE = 50;
const TITLE_CHARS = 160;

function headingOf(lines: string[]): string {
  const capitals = (line: string) => {
    const letters = line.replace(/[^\p{L}]/gu, '');
    return letters.length >= 6 && letters.replace(/[^\p{Lu}]/gu, '').length >= letters.length * 0.7;
  };
  const top: string[] = [];
  let length = 0;
  for (const line of lines) {
    top.push(line);
    length += line.length;
    if (line.length < WRAPPED_LINE || length >= TITLE_CHARS) break;
  }
  return [...top, ...lines.slice(top.length).filter((l, i) => /^\s*(?:objet|concerne)\s*:/i.test(l) || (i < 5 && capitals(l)))].join('\n');
}

/** The evidence of one page of content. */
export function scorePage(page: string): Scores {
  const lines = page.split('\n').filter((l) => l.trim() !== '');
  const body = fold(page);
  const heading = fold(headingOf(lines));
  const firstLine = fold(lines[0] ?? '');
  const scores: Scores = new Map();
  const missed: Rule[] = [];
  for (const rule of FUZZY_PHRASES.keys()) {
    if (rule.pattern.test(body) === false) missed.push(rule);
  }
  for (const rule of RULES) {
    if (!inScope(rule, ['content'])) continue;
    const inBody = matchFactor(rule, body);
    if (inBody === 0) continue;
    const inHeading = rule.weight >= TITLE_WEIGHT ? matchFactor(rule, heading) : 0;
    add(
      scores,
      rule.type,
      rule.weight * (inBody + (HEADING_FACTOR - 1) * inHeading),
      inHeading === 1,
      false,
      inHeading === 1 && opensWith(rule, firstLine),
    );
  }
  // A page with a clean title needs no guessing; one without may be a scan read badly.
  const titled = [...scores.values()].some((e) => e.titled);
  if (!titled) {
    const bodySkeleton = skeleton(body.slice(0, FUZZY_CHARS));
    const headingSkeleton = skeleton(heading);
    const found = new Set<TypeDocument>();
    for (const rule of missed) {
      // One phrase per type, and none for a type the clean text already names.
      if (found.has(rule.type) || (scores.get(rule.type)?.score ?? 0) >= STRONG_SCORE) continue;
      for (const phrase of FUZZY_PHRASES.get(rule)!) {
        // Written out but refused by the pattern (« annexe au compromis de vente »): refused on purpose.
        if (body.includes(` ${phrase} `)) continue;
        const wanted = skeleton(phrase);
        const edits = allowedEdits(wanted.length);
        if (approximateDistance(wanted, bodySkeleton, edits) === Number.POSITIVE_INFINITY) continue;
        const inHeading = approximateDistance(wanted, headingSkeleton, edits) !== Number.POSITIVE_INFINITY;
        add(scores, rule.type, rule.weight * FUZZY_FACTOR * (inHeading ? HEADING_FACTOR : 1), inHeading, true);
        found.add(rule.type);
        break;
      }
    }
  }
  return scores;
}

/** Sums evidence (pages of one document, or content and name). */
export function merge(...all: Scores[]): Scores {
  const total: Scores = new Map();
  for (const scores of all) for (const [type, e] of scores) add(total, type, e.score, e.titled, e.fuzzy);
  return total;
}
