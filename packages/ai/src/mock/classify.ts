import type { TypeDocument } from '@monimmo/contract/vocabulary';
import { TYPE_DOCUMENT_LABELS } from '../document-labels.ts';
import { extractText } from '../extract-text.ts';
import { fold, frenchList, frenchNumber } from '../text.ts';
import type { ClassifyDocumentInput, DocumentClassification } from '../types.ts';
import { classifyPhoto } from './classify-photo.ts';
import { type Decision, label, ORDER, ranked, STRONG, WEAK } from './document-verdict.ts';
import { merge, type Scores, scorePage, scoreWords } from './document-evidence.ts';
import { afterLetter, isLetter, outsideVocabulary } from './document-outside.ts';
import { RULES } from './document-rules.ts';
import { parseFrenchNumber } from './french-numbers.ts';

/** Content with fewer letters than this (a page number, a scanner's footer) says nothing. */
const MIN_CONTENT_LETTERS = 30;

/**
 * Confidences, calibrated on labelled documents so that an answer at or above the floor (0.65) is
 * right nearly every time: a title names the document; a naming phrase only in the body may be a
 * mention of another paper; a few supporting words are a proposal for review.
 */
const CONFIDENCE = {
  titled: 0.9,
  named: 0.76,
  hinted: 0.58,
  hintedAgreedByName: 0.76,
  /** Named only far into the text, without a title: a paper referred to; a name agreeing does not make it one. */
  late: 0.52,
  nameAgrees: 0.06,
  nameDisagrees: 0.14,
  closeRunnerUp: 0.15,
  /** A runner-up as strong and itself named: two documents in one text, a person decides. */
  strongRunnerUp: 0.26,
  nearRunnerUp: 0.06,
  fuzzy: 0.06,
  shortText: 0.06,
  veryShortText: 0.1,
  name: 0.72,
  nameWeak: 0.5,
  /** A name against readable content that names no type: the content would say it if it were. */
  nameOverReadable: 0.6,
  /** A paper outside the vocabulary, a letter, a note. */
  outside: 0.5,
  bundleClear: 0.86,
  /** The most pages, but not most of them, or a single page: not a main document. */
  bundleMain: 0.6,
  bundleNone: 0.45,
  video: 0.8,
} as const;

/**
 * Types other papers are annexed to: when a bundle holds as many pages of one of them, on its
 * first page, as of anything else, it is the document and the others its annexes.
 */
const PRINCIPAL = new Set<TypeDocument>([
  'COMPROMIS_OU_PROMESSE',
  'ACTE_AUTHENTIQUE',
  'TITRE_PROPRIETE',
  'OFFRE_ACHAT_SIGNEE',
  'MANDAT_VENTE_SIGNE',
  'REGLEMENT_COPROPRIETE',
  'ETAT_DATE',
  'PRE_ETAT_DATE',
]);

/** "CNI_recto-verso.JPG", "TaxeFonciere2025.pdf" → words without the extension. */
export function nameWords(fileName: string): string {
  const base = fileName.replace(/\.[a-z0-9]{1,5}$/i, '');
  return base
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\d)|(\d)(\p{L})/gu, (_m, l1, d1, d2, l2) => (l1 ? `${l1} ${d1}` : `${d2} ${l2}`));
}

const letters = (text: string) => text.replace(/[^\p{L}]/gu, '').length;

/**
 * The year a notarial deed was signed (« L'an deux mille dix-sept »), or null. A deed of years ago
 * is the seller's title; one of this year or the last is the sale the agency is closing.
 */
function deedYear(firstPage: string): number | null {
  const folded = fold(firstPage.slice(0, 300));
  if (/ l an (?:mil|mille) neuf cent /.test(folded)) return 1900;
  const words = / l an deux mille((?: [a-z]+){0,4}?)(?: le | a | $)/.exec(folded);
  if (!words) return null;
  if (words[1]!.trim() === '') return 2000;
  const rest = parseFrenchNumber(words[1]!.trim().replace(/ /g, '-'));
  return rest === null || rest >= 100 ? null : 2000 + rest;
}

/** Adds the evidence of one type to another's, in place. */
function move(scores: Scores, from: TypeDocument, to: TypeDocument) {
  const moved = scores.get(from);
  if (!moved) return;
  const into = scores.get(to) ?? { score: 0, titled: false, fuzzy: false };
  scores.set(to, { score: into.score + moved.score, titled: into.titled || moved.titled, fuzzy: into.fuzzy || moved.fuzzy });
  scores.delete(from);
}

/**
 * Moves the evidence of a deed on this page, and in the name (« acte de vente.pdf »), to the type
 * its age says: the seller's title, or the deed of this sale. Returns what to tell the agent.
 */
function dateDeed(page: Scores, name: Scores, text: string, now: Date): string {
  const deed = ranked(page)[0]?.[0];
  if (deed !== 'ACTE_AUTHENTIQUE' && deed !== 'TITRE_PROPRIETE') return '';
  const year = deedYear(text);
  if (year === null) return '';
  const old = year <= now.getUTCFullYear() - 2;
  const [from, to]: [TypeDocument, TypeDocument] = old ? ['ACTE_AUTHENTIQUE', 'TITRE_PROPRIETE'] : ['TITRE_PROPRIETE', 'ACTE_AUTHENTIQUE'];
  move(page, from, to);
  move(name, from, to);
  return old
    ? ` Acte signé ${year === 1900 ? 'au siècle dernier' : `en ${year}`} : le titre de propriété du vendeur.`
    : ` Acte signé en ${year} : l’acte de la vente en cours.`;
}

/**
 * A paper says what it is where it starts. A type first met past the first third of an untitled
 * text that opens with the signs of another paper (a poster's price and fees, then its energy
 * class; a list of annexes, then the diagnostics it lists) is a paper that text refers to. A
 * letterhead, an address block before the name say nothing of the sort.
 */
const LATE_SHARE = 1 / 3;
/** What opens a text, where a document names itself even without a title line. */
const TITLE_OPENING = 160;
const SIGNS = new Map<TypeDocument, RegExp[]>();
for (const rule of RULES)
  if (rule.scope !== 'name') SIGNS.set(rule.type, [...(SIGNS.get(rule.type) ?? []), new RegExp(` (?:${rule.source})(?= )`)]);

const firstSign = (type: TypeDocument, folded: string) =>
  Math.min(...(SIGNS.get(type) ?? []).map((re) => folded.search(re)).filter((at) => at >= 0));

function namedLate(type: TypeDocument, text: string): boolean {
  const folded = fold(text);
  const first = firstSign(type, folded);
  if (!Number.isFinite(first) || first < TITLE_OPENING || first < folded.length * LATE_SHARE) return false;
  return [...SIGNS.keys()].some((other) => other !== type && firstSign(other, folded) < first);
}

/**
 * What a paper of a type shows by law, which is then no second paper: every listing and every
 * window poster gives the energy class of the DPE (article L.126-33 of the CCH).
 */
const CARRIES = new Map<TypeDocument, TypeDocument[]>([
  ['ANNONCE_IMMOBILIERE', ['DPE']],
  ['AFFICHE_VITRINE', ['DPE']],
]);

function decideContent(content: Scores, name: Scores, text: string, note: string): Decision | null {
  const ranking = ranked(content);
  const leader = ranking[0]?.[0];
  const carried = (leader && CARRIES.get(leader)) ?? [];
  const order = ranking.filter(([type]) => !carried.includes(type));
  const [top, evidence] = order[0] ?? [];
  if (!top || !evidence || evidence.score < WEAK) return null;
  const [nameTop, nameEvidence] = ranked(name)[0] ?? [];
  const nameStrong = nameTop !== undefined && nameEvidence!.score >= STRONG;
  const runnerUp = order[1]?.[1].score ?? 0;
  const parts: string[] = [];
  let confidence: number;
  const late = !evidence.titled && namedLate(top, text);
  if (evidence.titled) {
    confidence = CONFIDENCE.titled;
    parts.push(`Le titre du document désigne un document de type ${label(top)}.`);
  } else if (late) {
    confidence = CONFIDENCE.late;
    parts.push(`Le contenu ne nomme ${label(top)} que loin après son début, sans titre : sans doute une mention d’un autre papier.`);
  } else if (evidence.score >= STRONG) {
    confidence = CONFIDENCE.named;
    parts.push(`Le contenu désigne un document de type ${label(top)}, sans que son titre le dise.`);
  } else {
    confidence = nameTop === top ? CONFIDENCE.hintedAgreedByName : CONFIDENCE.hinted;
    parts.push(`Quelques termes du contenu évoquent ${label(top)}, sans titre explicite.`);
  }
  if (nameTop === top) {
    confidence += CONFIDENCE.nameAgrees;
    parts.push('Le nom du fichier va dans le même sens.');
  } else if (nameStrong) {
    confidence -= CONFIDENCE.nameDisagrees;
    parts.push(`Le nom du fichier évoque plutôt ${label(nameTop)} ; le contenu l’emporte.`);
  }
  const second = order[1]?.[1];
  if (second?.titled && runnerUp >= evidence.score * 0.75) {
    confidence -= CONFIDENCE.strongRunnerUp;
    parts.push(`Le contenu désigne aussi nettement ${label(order[1]![0])} : deux documents possibles.`);
  } else if (runnerUp >= evidence.score * 0.75) {
    confidence -= CONFIDENCE.closeRunnerUp;
    parts.push(`Le contenu évoque presque autant ${label(order[1]![0])}.`);
  } else if (runnerUp >= evidence.score * 0.5) {
    confidence -= CONFIDENCE.nearRunnerUp;
    parts.push(`Le contenu évoque aussi ${label(order[1]![0])}.`);
  }
  if (evidence.fuzzy) {
    confidence -= CONFIDENCE.fuzzy;
    parts.push('Texte de numérisation abîmé : termes reconnus malgré les erreurs de lecture.');
  }
  const count = letters(text);
  if (count < 120) {
    confidence -= CONFIDENCE.veryShortText;
    parts.push('Très peu de texte.');
  } else if (count < 250) confidence -= CONFIDENCE.shortText;
  return {
    type: top,
    confidence: Math.min(0.97, Math.max(0.3, confidence)),
    reasoning: parts.join(' ') + note,
    // A title with no rival worth a word in the reasoning (see nearRunnerUp).
    titled: evidence.titled && runnerUp < evidence.score * 0.5,
  };
}

/**
 * What a paper says it is not is not what it is (the one place negations are read): « cette étude ne vaut ni accord de principe ni
 * offre de prêt », « le présent document ne constitue pas un état daté », « ce plan n’a pas valeur
 * d’attestation de superficie », « il ne tient pas lieu de… ». The clause is left out
 * before the paper is read.
 */
const DENIAL =
  /\b(?:ne|n['’])\s*(?:(?:vaut|vaudra|constitue|constituera|saurait\s+(?:valoir|constituer|remplacer)|remplace|tient\s+lieu)\s+(?:ni|pas|en\s+aucun\s+cas|nullement|aucunement)|(?:a|ont|aura)\s+(?:pas|aucune|nullement|aucunement)\s+(?:valeur|force|qualit[ée])|(?:tient|tiennent)\s+pas\s+lieu)\b[^.;\n]*/giu;
export const withoutDenials = (page: string) => page.replace(DENIAL, ' ');

/** Deeds are dated into one type or the other (see dateDeed): both read as the same paper here. */
const DEEDS = new Set<TypeDocument>(['ACTE_AUTHENTIQUE', 'TITRE_PROPRIETE']);

/**
 * Whether the paper of `type` itself follows the covering letter that opens the PDF: its title
 * after the letter's sign-off, or on a page after the letter. The letter is then the paper's cover.
 */
function forwardedAfterLetter(pages: string[], perPage: Scores[], type: TypeDocument): boolean {
  const rest = afterLetter(pages[0]!);
  if (rest === null) return false;
  // A line after the signature (« P.J. : état daté ») is no paper: the paper takes a page's text.
  const after = [letters(rest) >= READABLE_LETTERS ? scorePage(rest) : new Map(), ...perPage.slice(1)];
  return after.some((scores) => [...scores].some(([t, e]) => e.titled && (t === type || (DEEDS.has(t) && DEEDS.has(type)))));
}

/**
 * A window poster carries a listing's text (the price, the fees, the energy class): only its name
 * tells it from the listing. Content reading as a listing, a name saying « affiche » or « vitrine »:
 * the poster. Returns what to tell the agent.
 */
function posterByName(content: Scores, pages: Scores[], name: Scores): string {
  if (ranked(content)[0]?.[0] !== 'ANNONCE_IMMOBILIERE') return '';
  const [nameTop, evidence] = ranked(name)[0] ?? [];
  if (nameTop !== 'AFFICHE_VITRINE' || evidence!.score < STRONG) return '';
  for (const scores of [content, ...pages]) move(scores, 'ANNONCE_IMMOBILIERE', 'AFFICHE_VITRINE');
  return ' Le texte est celui d’une annonce ; le nom du fichier en fait l’affiche de vitrine.';
}

/** OCR debris: a stray symbol, a digit inside a word (« 0livier », « jui1let »). */
function noisy(text: string): boolean {
  const words = text.split(/\s+/);
  const odd = words.filter((w) => /[¦~^|_]/.test(w) || /\p{L}\d\p{L}|^\d\p{L}{2,}/u.test(w)).length;
  return odd >= 2;
}

/** Readable text of this many letters would name its type if it had one of the vocabulary. */
const READABLE_LETTERS = 150;

function byName(name: Scores, why: string, text = '', content: Scores = new Map()): Decision {
  const [nameTop, evidence] = ranked(name)[0] ?? [];
  const readable = letters(text) >= READABLE_LETTERS && !noisy(text);
  // What little a garbled text gives must not point elsewhere: then the name alone is not enough.
  const [contentTop, contentEvidence] = ranked(content)[0] ?? [];
  if (
    nameTop &&
    evidence!.score >= WEAK &&
    contentTop &&
    contentTop !== nameTop &&
    contentEvidence!.score > (content.get(nameTop)?.score ?? 0)
  )
    return {
      type: nameTop,
      confidence: CONFIDENCE.nameWeak,
      reasoning: `${why} ; son nom évoque ${label(nameTop)}, mais le peu qu’on en lit évoque plutôt ${label(contentTop)} : à vérifier.`,
    };
  if (!nameTop || evidence!.score < WEAK)
    return {
      type: null,
      confidence: 0,
      reasoning: `${why} et le nom du fichier ne désigne aucun type de document : à classer par un agent.`,
    };
  if (readable)
    return {
      type: nameTop,
      confidence: Math.min(CONFIDENCE.nameOverReadable, evidence!.score >= STRONG ? CONFIDENCE.name : CONFIDENCE.nameWeak),
      reasoning: `${why}, pourtant lisible ; son nom évoque ${label(nameTop)}, ce qui ne suffit pas : à vérifier.`,
    };
  return {
    type: nameTop,
    confidence: evidence!.score >= STRONG ? CONFIDENCE.name : CONFIDENCE.nameWeak,
    reasoning: `${why} ; classé d’après son nom, qui évoque ${label(nameTop)}.`,
  };
}

/**
 * A page that introduces a pack (« Dossier de diagnostic technique », a summary of conclusions, a
 * list of the papers) names them all and is none of them.
 */
const SUMMARY =
  / (?:sommaire|table des matieres|resume des conclusions|synthese des conclusions|dossier de diagnostics? techniques?|ddt|liste des (?:pieces|documents|annexes)|bordereau)(?= )/;
const isSummary = (page: string) => SUMMARY.test(fold(page).slice(0, 200));

/** Whether one type has at least twice the evidence of any other on the page. */
function mostlyOne(scores: Scores): boolean {
  const [first, second] = ranked(scores);
  return first !== undefined && first[1].score >= 2 * (second?.[1].score ?? 0);
}

/** The share of the titled pages a type needs to be the main document of a bundle. */
const MAIN_SHARE = 0.6;

interface Section {
  type: TypeDocument;
  pages: number;
}

/**
 * Pages grouped into documents: the first page is the document its title names; a later page
 * starts another only when it opens with a title (a sentence naming a paper is a mention).
 */
function sectionsOf(
  pages: Scores[],
  pageTexts: string[],
  /** Also a title in capitals atop a page that is mostly that paper, not opening it. */
  letterheads = false,
): { sections: Section[]; untitled: number; covers: number } {
  const sections: Section[] = [];
  let untitled = 0;
  let covers = 0;
  for (const [i, scores] of pages.entries()) {
    // A covering letter or a summary names the papers it goes with: none of them starts there,
    // unless the summary page is mostly the first paper itself.
    const cover = isLetter(pageTexts[i]!) || (isSummary(pageTexts[i]!) && !mostlyOne(scores));
    const titled = cover
      ? undefined
      : ranked(scores).find(([, e]) =>
          i === 0 || sections.length === 0 ? e.titled : e.opens || (letterheads && e.titled && mostlyOne(scores)),
        );
    const current = sections[sections.length - 1];
    if (titled && titled[0] !== current?.type) sections.push({ type: titled[0], pages: 1 });
    else if (current) current.pages += 1;
    else {
      untitled += 1;
      if (cover) covers += 1;
    }
  }
  return { sections, untitled, covers };
}

function decideBundle(pages: Scores[], pageTexts: string[], name: Scores, note: string, letterheads = false): Decision | null {
  const { sections, untitled, covers } = sectionsOf(pages, pageTexts, letterheads);
  const byType = new Map<TypeDocument, number>();
  for (const s of sections) byType.set(s.type, (byType.get(s.type) ?? 0) + s.pages);
  if (byType.size < 2) return null;
  const counts = [...byType].sort((a, b) => b[1] - a[1] || ORDER.get(a[0])! - ORDER.get(b[0])!);
  const total = pages.length;
  // Pages before the first document (a letter, a summary, an untitled start) are not counted.
  const titledPages = total - untitled;
  const [top, topPages] = counts[0]!;
  const tied = counts.filter(([, n]) => n === topPages);
  const first = sections[0]!.type;
  let main: TypeDocument | null = null;
  let confidence: number = CONFIDENCE.bundleNone;
  if (tied.length === 1) {
    main = top;
    // A plurality is not a main document: the others would be most of the pack.
    confidence = topPages >= titledPages * MAIN_SHARE ? CONFIDENCE.bundleClear : CONFIDENCE.bundleMain;
  } else if (PRINCIPAL.has(first) && tied.some(([t]) => t === first) && tied.filter(([t]) => PRINCIPAL.has(t)).length === 1) {
    main = first;
    confidence = CONFIDENCE.bundleMain;
  }
  const describe = (types: TypeDocument[]) => frenchList(types.map((t) => TYPE_DOCUMENT_LABELS[t]));
  if (!main) {
    return {
      type: first,
      confidence: CONFIDENCE.bundleNone,
      reasoning: `Ce PDF réunit plusieurs documents sans qu’aucun ne domine : ${describe(counts.map(([t]) => t))}. À trier par un agent.`,
    };
  }
  const [nameTop] = ranked(name)[0] ?? [];
  // A name agreeing with a plurality does not make it a main document.
  if (nameTop === main && confidence === CONFIDENCE.bundleClear) confidence += CONFIDENCE.nameAgrees;
  const others = counts.map(([t]) => t).filter((t) => t !== main);
  // Untitled pages before the first document are its own, a letter or a summary is not.
  const pagesOfMain = byType.get(main)! + (sections[0]!.type === main ? untitled - covers : 0);
  return {
    type: main,
    confidence: Math.min(0.95, confidence),
    // Every section starts with a title; a clear main paper holds most of the titled pages.
    titled: confidence >= CONFIDENCE.bundleClear,
    reasoning: `Ce PDF réunit plusieurs documents ; le principal est de type ${label(main)} (${pagesOfMain} page${pagesOfMain > 1 ? 's' : ''} sur ${total}). Contient aussi : ${describe(others)}.${note}`,
  };
}

/**
 * A page titled by another paper than the one decided, that paper alone, whose title does not open
 * the page (a letterhead above it): two documents in one PDF, read as a bundle when the decided one
 * does not hold most of the pages, unless the first page is a principal paper the others back.
 */
function hiddenBundle(decision: Decision | null, pages: Scores[], pageTexts: string[], name: Scores, note: string): Decision | null {
  if (!decision?.type || decision.confidence < CONFIDENCE.bundleMain) return decision;
  // A principal paper opening the PDF (an offer, a compromis) with what backs it is that paper.
  if (PRINCIPAL.has(decision.type) && ranked(pages[0]!)[0]?.[0] === decision.type) return decision;
  const { sections, untitled } = sectionsOf(pages, pageTexts, true);
  if (sections.every((s) => s.type === decision.type)) return decision;
  // The decided paper may still hold most of the pages: it is the main one, as in any bundle.
  const own = sections.filter((s) => s.type === decision.type).reduce((n, s) => n + s.pages, 0);
  if (own >= (pages.length - untitled) * MAIN_SHARE) return decision;
  return decideBundle(pages, pageTexts, name, note, true);
}

function decideVideo(name: Scores): Decision {
  const [nameTop, evidence] = ranked(name)[0] ?? [];
  if (nameTop && nameTop !== 'VIDEO_VISITE' && evidence!.score >= STRONG)
    return { type: nameTop, confidence: CONFIDENCE.nameWeak, reasoning: `Vidéo dont le nom évoque ${label(nameTop)} : à vérifier.` };
  return { type: 'VIDEO_VISITE', confidence: CONFIDENCE.video, reasoning: 'Fichier vidéo : vidéo de visite du bien.' };
}

/** Below the floor when the paper is outside the vocabulary, a letter or a note (see outsideVocabulary). */
function doubt(decision: Decision, text: string, fileName: string, titled: boolean, forwarded = false): Decision {
  if (!decision.type || decision.confidence < CONFIDENCE.outside) return decision;
  const why = outsideVocabulary(text, nameWords(fileName), decision.type, titled, forwarded);
  return why ? { ...decision, confidence: CONFIDENCE.outside, reasoning: `${decision.reasoning} ${why}` } : decision;
}

async function decide(
  input: ClassifyDocumentInput,
  mimeType: string,
  name: Scores,
  now: Date,
  extracted?: string | null,
): Promise<{ decision: Decision; content: Scores }> {
  if (mimeType.startsWith('image/'))
    return {
      decision: doubt(await classifyPhoto(input.content, name, nameWords(input.fileName)), '', input.fileName, false),
      content: new Map(),
    };
  if (mimeType.startsWith('video/')) return { decision: decideVideo(name), content: new Map() };
  const text = extracted !== undefined ? extracted : await extractText({ mimeType, content: input.content });
  const pages = (text ?? '')
    .split('\f')
    .filter((page) => letters(page) > 0)
    .map(withoutDenials);
  const all = pages.join('\n');
  if (letters(all) < MIN_CONTENT_LETTERS) {
    const why = text
      ? 'Presque aucun texte lisible dans le fichier'
      : 'Aucun texte lisible dans le fichier (scan sans texte ou format non lu)';
    return { decision: doubt(byName(name, why), '', input.fileName, false), content: new Map() };
  }
  const perPage = pages.map(scorePage);
  const note = perPage.map((scores, i) => dateDeed(scores, name, pages[i]!, now)).find(Boolean) ?? '';
  const bundle = pages.length >= 2 ? decideBundle(perPage, pages, name, note) : null;
  const content = merge(...perPage);
  if (bundle) return { decision: bundle, content };
  const poster = posterByName(content, perPage, name);
  const decision =
    hiddenBundle(decideContent(content, name, all, note + poster), perPage, pages, name, note + poster) ??
    byName(
      name,
      isLetter(all)
        ? 'C’est un courrier ou une note qui parle d’autres documents sans en être un'
        : 'Le contenu ne permet pas de reconnaître le document',
      all,
      content,
    );
  const titled = decision.type ? content.get(decision.type)?.titled === true : false;
  const forwarded = decision.type !== null && titled && forwardedAfterLetter(pages, perPage, decision.type);
  const sent = forwarded ? { ...decision, reasoning: `${decision.reasoning} Une lettre d’envoi le précède.` } : decision;
  return { decision: doubt(sent, all, input.fileName, titled, forwarded), content };
}

export async function classifyDocument(input: ClassifyDocumentInput, now = new Date()): Promise<DocumentClassification> {
  const { decisive: _decisive, ...classification } = await classifyByRules(input, { now });
  return classification;
}

/**
 * The bar of a decisive answer: a title alone (0.9), or a bundle's clear main paper (0.86). What
 * lowers a title below it (a file name naming another type, a close rival, very little text, a
 * paper outside the vocabulary) leaves the question open.
 */
export const DECISIVE_CONFIDENCE = CONFIDENCE.bundleClear;

export interface RuleClassification extends DocumentClassification {
  /** The paper's own title settled it, with no close rival: no second opinion needed. */
  decisive: boolean;
}

/**
 * The deterministic classifier, for the mock provider and as the first stage of a model-backed
 * one. Decisive only when the paper's own title was recognised (not a mention further in the text,
 * not a file name, not a photo, a video or a scan read by its name), at or above
 * DECISIVE_CONFIDENCE, with no rival type near it. `text` is the document's text when the caller
 * has already extracted it.
 */
export async function classifyByRules(
  input: ClassifyDocumentInput,
  options: { now?: Date; text?: string | null } = {},
): Promise<RuleClassification> {
  const mimeType = input.mimeType.toLowerCase();
  const name = scoreWords(nameWords(input.fileName), ['name']);
  const { decision, content } = await decide(input, mimeType, name, options.now ?? new Date(), options.text);

  // Other types worth showing to the agent, from both sources, scaled below the decision.
  const combined = new Map<TypeDocument, number>();
  for (const [type, e] of content) combined.set(type, e.score);
  for (const [type, e] of name) combined.set(type, (combined.get(type) ?? 0) + e.score / 2);
  const ordered = [...combined].sort((a, b) => b[1] - a[1] || ORDER.get(a[0])! - ORDER.get(b[0])!);
  const best = ordered[0]?.[1] ?? 1;
  const confidence = round(decision.confidence);
  const candidates = decision.type ? [{ typeDocument: decision.type, confidence }] : [];
  for (const [type, s] of ordered) {
    if (candidates.length >= 3) break;
    if (type === decision.type) continue;
    candidates.push({ typeDocument: type, confidence: round(Math.min(decision.confidence || 0.5, 0.9) * (s / best) * 0.8) });
  }
  return {
    typeDocument: decision.type,
    confidence,
    candidates,
    reasoning: decision.type ? `${decision.reasoning} Confiance ${frenchNumber(confidence)}.` : decision.reasoning,
    decisive: decision.type !== null && decision.titled === true && confidence >= DECISIVE_CONFIDENCE,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
