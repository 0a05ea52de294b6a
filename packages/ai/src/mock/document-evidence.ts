import type { TypeDocument } from '@monimmo/contract/vocabulary';
import { fold } from '../text.ts';
import { RULES, type Rule, type Scope } from './document-rules.ts';
import { afterLetter } from './document-outside.ts';
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
 * « l’état daté annexé »), is another paper, referred to. A period after it (« appel de fonds
 * 4e trimestre ») is its own, not an amount.
 */
const REFERENCE_FACTOR = 0.4;
/** A phrase found only through OCR errors counts a little less than a clean one. */
const FUZZY_FACTOR = 0.85;
/** A type the clean text gives this much needs no fuzzy search. */
const STRONG_SCORE = 3;
/** Errors per letter by which a misread title may trail the best read one and stay a title. */
const MISREAD_MARGIN = 0.05;
/** The fuzzy search reads the start of each page, where titles are. */
const FUZZY_CHARS = 2500;

const REFERENCE_AFTER =
  /^ (?:(?:signee?s? |etablie?s? |passee? |conclue? )?(?:du|le|en date du) (?:\d{1,2}|1er|premier) |annexee?s? |ci (?:joint|annexe)|(?!(?:19|20)\d\d |\d{1,2}(?:e|er|ere|eme|nd|nde) )\d)/;
const REFERENCE_BEFORE =
  / (?:a joindre|joint|jointe|annexee?|en vue|suite|concernant|relati(?:f|ve)|renvoi) (?:a|au|aux|de|du|des|le|la|l)(?: la| l)?$/;
/** A paper cited by its number (« mandat simple n° 558 ») is one referred to, unless its title opens the page. */
const NUMBERED_AFTER = /^ (?:n|no|numero) \d/;

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

/**
 * A determiner before a phrase, or before the phrase's first words: « la fiche synthétique »,
 * « qu’un accord de principe », « le jugement de divorce » for « divorce »; « le présent acte » is
 * the document speaking of itself.
 */
const DETERMINER =
  / (?:un|une|le|la|les|l|notre|votre|nos|vos|leur|leurs|ce|cette|ces|son|sa|ses|mon|ma|mes)(?: (?!presente?(?: |$))[a-z]+){0,2}$/;
/** Words of a sentence before a phrase, beyond which a determiner makes it a mention. */
const SENTENCE_WORDS = 5;
/**
 * The head of a title before the paper's name: « Rapport de l’état de l’ » (installation intérieure
 * d’électricité), « Constat de l’ ». Its elided article belongs to the title; only a determiner
 * before the head (« vous trouverez le rapport de l’état… ») makes the whole a mention.
 */
const TITLE_HEAD =
  / (?:rapport|etat|constat|diagnostic|attestation|certificat|releve|extrait|copie)(?: (?:de|des|du|d|l|la|le|etat|rapport|constat|diagnostic))*$/;

/**
 * Whether the phrase at `index` stands inside a sentence at the top of the page (« Le syndic nous a
 * promis la fiche synthétique… »): a paper talked about, not the page's title.
 */
function inSentence(folded: string, index: number): boolean {
  if (folded.startsWith(' present', index)) return false;
  // A formula after its subject (« nous exerçons notre droit… ») is what the author does.
  if (/ (?:je|j|nous)$/.test(folded.slice(0, index))) return false;
  const before = folded.slice(0, index).replace(TITLE_HEAD, '');
  return before.trim().split(' ').length > SENTENCE_WORDS && DETERMINER.test(before.slice(-60));
}

interface Match {
  /** 1 for a plain match, REFERENCE_FACTOR when every occurrence refers to another paper, 0 for none. */
  factor: number;
  /** The same, for occurrences that open the text (its first TITLE_CHARS characters): a title. */
  top: number;
}

function matchOf(rule: Rule, folded: string, zone: [number, number] | null = null): Match {
  const found = { factor: 0, top: 0 };
  if (!rule.pattern.test(folded)) return found;
  for (const match of folded.matchAll(globalPattern.get(rule)!)) {
    const after = folded.slice(match.index + match[0].length, match.index + match[0].length + 40);
    const before = folded.slice(Math.max(0, match.index - 30), match.index);
    const listed = zone !== null && match.index >= zone[0] && match.index < zone[1];
    // What opens the page is its title, dated or numbered (« PROCÈS-VERBAL DE L’ASSEMBLÉE GÉNÉRALE
    // DU 12 MAI 2026 », « APPEL DE FONDS — 4e TRIMESTRE »), not a paper referred to.
    const opens = rule.weight >= TITLE_WEIGHT && TITLE_PREFIX.test(folded.slice(0, match.index + 1));
    const talkedOf = rule.weight >= TITLE_WEIGHT && inSentence(folded, match.index);
    // Only a phrase naming a paper can refer to another one: « à emprunter 266 500 » is a figure.
    const naming = rule.weight >= TITLE_WEIGHT;
    const referred =
      !opens && (talkedOf || (naming && (REFERENCE_AFTER.test(after) || NUMBERED_AFTER.test(after) || REFERENCE_BEFORE.test(before))));
    const factor = listed || referred ? REFERENCE_FACTOR : 1;
    found.factor = Math.max(found.factor, factor);
    if (match.index < TITLE_CHARS && !talkedOf) found.top = Math.max(found.top, factor);
    if (found.top === 1) break;
  }
  return found;
}

const matchFactor = (rule: Rule, folded: string) => matchOf(rule, folded).factor;

function add(scores: Scores, type: TypeDocument, score: number, titled = false, fuzzy = false, opens = false) {
  const current = scores.get(type) ?? { score: 0, titled: false, fuzzy: false };
  scores.set(type, {
    score: current.score + score,
    titled: current.titled || titled,
    fuzzy: current.fuzzy || fuzzy,
    ...(current.opens || opens ? { opens: true } : {}),
  });
}

/**
 * What may stand before a title at the top of a page: « Annexe 3 — », « Extrait du », « Diagnostic »,
 * « Avis de », « État de l’ » (installation intérieure d’électricité), « Rapport de repérage ».
 */
const TITLE_PREFIX =
  /^(?: (?:annexe|piece|extrait|copie|rapport|attestation|certificat|diagnostic|constat|avis|releve|etat|reperage|mesurage|controle|du|de|des|d|la|le|l|n|no|\d+|[ivx]+))* $/;

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
 * Where a title stands. Extracted text runs a page's lines together, so a title is what opens the
 * page (a phrase further on is inside a sentence), a run of capitals near the top (« ANNEXE 3 —
 * ÉTAT DES RISQUES »), or an « Objet : » line; a table of contents names papers, it is none.
 */
const TITLE_CHARS = 160;
const CAPITALS_CHARS = 500;
/** Capitals, digits, and the l that OCR reads for an I inside a word in capitals (« ATTESTATl0N »). */
const CAPITALS = /(?:[\p{Lu}\d][\p{Lu}\dl'’-]*[\s—–:,.()/]*){2,}/gu;
const SUBJECT = /(?:objet|concerne)\s*:\s*([^\n.]{0,80})/giu;
const CONTENTS = /\b(?:sommaire|table des mati[eè]res)\b/iu;

/** Two words or more in capitals, one of four letters at least: « ÉTAT DATÉ », not « DPE : E ». */
const isTitleRun = (run: string) => run.replace(/[^\p{Lu}]/gu, '').length >= 8 && /\p{Lu}{4}/u.test(run) && /\s/.test(run.trim());

/** Letters before a paper's title, after a covering letter's sign-off, for the rest to be that paper. */
const FORWARDED_LETTERS = 150;

/** Capitals and « Objet : » lines: the title lines that need not open the page. */
function titleLines(page: string): string {
  const contents = CONTENTS.exec(page.slice(0, CAPITALS_CHARS));
  const near = page.slice(0, contents ? contents.index : CAPITALS_CHARS);
  // After a table of contents, the first paper's own title (« DIAGNOSTIC DE PERFORMANCE… »).
  const end = contents ? contentsEnd(page, contents.index) : null;
  const after =
    end === null
      ? ''
      : page
          .slice(end, end + CAPITALS_CHARS)
          .match(CAPITALS)
          ?.find(isTitleRun);
  const capitals = [...near.matchAll(CAPITALS)].map((m) => m[0]).filter(isTitleRun);
  if (after) capitals.push(after);
  // A covering letter, then on the same page the paper it sends: that paper's title in capitals.
  const rest = afterLetter(page);
  if (rest !== null && rest.replace(/[^\p{L}]/gu, '').length >= FORWARDED_LETTERS) {
    const sent = rest.slice(0, CAPITALS_CHARS).match(CAPITALS)?.filter(isTitleRun) ?? [];
    capitals.push(...sent);
  }
  const subjects = [...page.matchAll(SUBJECT)].map((m) => m[1]!);
  return [...capitals, ...subjects].join('\n');
}

/**
 * A table of contents lists papers: what it names is a mention. It runs from its heading to the
 * last numbered entry, which ends where a title in capitals starts (the first paper itself).
 * Returned in `fold(page)` positions.
 */
function contentsZone(page: string): [number, number] | null {
  const heading = CONTENTS.exec(page.slice(0, CAPITALS_CHARS));
  if (!heading) return null;
  const at = (raw: number) => fold(page.slice(0, raw)).length - 1;
  return [at(heading.index), at(contentsEnd(page, heading.index))];
}

/** Where a table of contents starting at `start` ends, in the page's own positions. */
function contentsEnd(page: string, start: number): number {
  const entries = [...page.slice(start).matchAll(/(?:^|\s)\d{1,2}\s?[.)–—-]\s/g)];
  const last = start + (entries.length ? entries[entries.length - 1]!.index : 0);
  const next = [...page.slice(last + 3).matchAll(CAPITALS)].find((m) => isTitleRun(m[0]));
  return next ? last + 3 + next.index : last + 100;
}

/** The evidence of one page of content. */
export function scorePage(page: string): Scores {
  const lines = page.split('\n').filter((l) => l.trim() !== '');
  const body = fold(page);
  const zone = contentsZone(page);
  // The page's opening, up to a table of contents, and its other title lines.
  const opening = body.slice(0, Math.min(zone?.[0] ?? TITLE_CHARS, TITLE_CHARS));
  const heading = `${opening}${fold(titleLines(page))}`;
  const firstLine = fold(lines[0] ?? '');
  const scores: Scores = new Map();
  const missed: Rule[] = [];
  // Phrases absent, or present only as mentions: the title may be there, misread.
  // Where the fuzzy search looks: the mentions themselves blanked, not to be found again misread.
  let searched = body;
  let searchedHeading = heading;
  for (const rule of FUZZY_PHRASES.keys()) {
    if (rule.pattern.test(body) === false) missed.push(rule);
    else if (matchOf(rule, body, zone).factor < 1) {
      missed.push(rule);
      searched = searched.replace(globalPattern.get(rule)!, ' ');
      searchedHeading = searchedHeading.replace(globalPattern.get(rule)!, ' ');
    }
  }
  for (const rule of RULES) {
    if (!inScope(rule, ['content'])) continue;
    const { factor: inBody, top } = matchOf(rule, body, zone);
    if (inBody === 0) continue;
    const opensPage = zone && zone[0] < TITLE_CHARS ? 0 : top;
    const inHeading = rule.weight >= TITLE_WEIGHT ? Math.max(opensPage, matchFactor(rule, fold(titleLines(page)))) : 0;
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
    const bodySkeleton = skeleton(searched.slice(0, FUZZY_CHARS));
    const headingSkeleton = skeleton(searchedHeading);
    const found = new Set<TypeDocument>();
    const titles: { rule: Rule; misread: number; wanted: string }[] = [];
    // A type's phrase found in the body only, kept while another of its phrases may stand in a title.
    const inBodyOnly = new Map<TypeDocument, Rule>();
    for (const rule of missed) {
      // One phrase per type, and none for a type the clean text already names.
      if (found.has(rule.type) || (scores.get(rule.type)?.score ?? 0) >= STRONG_SCORE) continue;
      for (const phrase of FUZZY_PHRASES.get(rule)!) {
        // Written out but refused by the pattern (« annexe au compromis de vente »): refused on purpose.
        if (body.includes(` ${phrase} `)) continue;
        const wanted = skeleton(phrase);
        const edits = allowedEdits(wanted.length);
        if (approximateDistance(wanted, bodySkeleton, edits) === Number.POSITIVE_INFINITY) continue;
        const inTitle = approximateDistance(wanted, headingSkeleton, edits);
        if (inTitle === Number.POSITIVE_INFINITY) {
          if (!inBodyOnly.has(rule.type)) inBodyOnly.set(rule.type, rule);
          continue;
        }
        titles.push({ rule, misread: inTitle / wanted.length, wanted });
        found.add(rule.type);
        break;
      }
    }
    for (const [type, rule] of inBodyOnly) if (!found.has(type)) add(scores, type, rule.weight * FUZZY_FACTOR, false, true);
    // A title misread is the phrase read with the fewest errors (« installati0n intérieure
    // d’électricité » is not « installation intérieure de gaz »), or as few: the others only count
    // in the body.
    // A phrase inside another type's longer title (« état descriptif de division » in « règlement de
    // copropriété et état descriptif de division ») is part of that title.
    const whole = titles.filter(
      (t) => !titles.some((o) => o.rule.type !== t.rule.type && o.wanted.length > t.wanted.length && o.wanted.includes(t.wanted)),
    );
    const best = Math.min(...whole.map((t) => t.misread));
    for (const { rule, misread } of whole) {
      const isTitle = misread <= best + MISREAD_MARGIN;
      add(scores, rule.type, rule.weight * FUZZY_FACTOR * (isTitle ? HEADING_FACTOR : 1), isTitle, true);
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
