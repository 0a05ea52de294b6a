import type { DetectableVocalType, InitialVisitFields, VocalInsights } from '@monimmo/contract/vocabulary';
import { frenchList, frenchNumber, frenchPercent, ofName } from '../text.ts';
import { INSIGHTS_FLOOR, type ExtractInsightsInput, type VocalInsightsResult, type VocalPropertyContext } from '../types.ts';
import { findNumbers } from './french-numbers.ts';
import { extractInitialVisit } from './initial-visit.ts';
import { capitalise, euros, plain, sentences, tidy, uncapitalise, type Span } from './spoken.ts';

/**
 * What an agent wants from a voice note without listening to it, read from the transcript by
 * cue words: lists keep the words as said (trimmed), numbers are parsed, and a summary of two to
 * four sentences is put together from what was found.
 */

/** Cuts `span` where `pattern` matches (the match dropped), keeping the non-empty pieces, tidied. */
function cut(span: Span, pattern: RegExp): Span[] {
  const p = plain(span.text);
  const out: Span[] = [];
  let from = 0;
  for (const m of p.matchAll(pattern)) {
    out.push({ text: span.text.slice(from, m.index), start: span.start + from });
    from = m.index + m[0].length;
  }
  out.push({ text: span.text.slice(from), start: span.start + from });
  return out.map((s) => ({ text: tidy(s.text), start: s.start })).filter((s) => s.text !== '');
}

/** What may open a clause after "et": a subject, an article, a pronoun. */
const SUBJECT = "(?:ils|elles|il|elle|on|nous|je|j'|le|la|les|l'|un|une|des|leur|leurs|son|sa|ses|c'est|cela|ca|ce|mais)\\b";
/** Clauses of a sentence: at commas, semicolons, colons, "et" before a new subject, and before "avec". */
const CLAUSE = new RegExp(`\\s*[,;:]\\s+|\\s+et\\s+(?=${SUBJECT})|\\s+(?=avec\\b)`, 'g');
/** Items of an enumeration: "la luminosité du séjour et le balcon". */
const ITEM = /\s*[,;]\s+|\s+et\s+/g;
/** Actions of a to-do list: "mettre à jour l'annonce et relancer les acquéreurs". */
const ACTION = /\s+et\s+(?=(?:(?:le|la|les|lui|leur|l'|en|y)\s*)?[a-z]+(?:er|ir|re|oir)\b)/g;

const CONTRAST =
  /(?:^|,?\s+)(?:mais|par contre|en revanche|cependant|toutefois|neanmoins|seul bemol|le seul bemol|seul point negatif|le hic)\b,?/g;

/** "Monsieur et Madame Lefèvre", "Mme Garnier", "Maître Castellan". */
const CIVILITY = '(?:Monsieur|Madame|Mademoiselle|Maître|Me|M\\.|Mme|Mlle|Docteur|Dr)';
const PERSON = new RegExp(
  `\\b(?:la famille|le couple|les époux)\\s+\\p{Lu}[\\p{L}'’-]+|${CIVILITY}(?:\\s+et\\s+${CIVILITY})?\\s+\\p{Lu}[\\p{L}'’-]+(?:[ -]\\p{Lu}[\\p{L}'’-]+)?`,
  'gu',
);

function people(text: string): string[] {
  return [...new Set([...text.matchAll(PERSON)].map((m) => m[0].replace(/\s+/g, ' ')))];
}

/** Verbs of liking; what follows is what they liked. */
const LIKED =
  /(?<!n')\b(?:ont|a|avons|ai)\s+(?!pas\b|jamais\b|guere\b)(?:[a-z]+\s+)?(?:aime|apprecie|adore)e?s?\b\s*|\b(?:sont|ont ete|a ete|est)\s+(?:[a-z]+\s+)?(?:seduite?s?|charmee?s?|conquise?s?|emballee?s?)\s+par\s+|\bcoup de c(?:œ|oe)ur\s+pour\s+|\b(?:ils|elles|il|elle|on)\s+(?:apprecient|aiment|adorent|apprecie|aime|adore)\s+(?!pas\b)/;
/** Where what they liked ends: a new subject after a comma ("…, leur budget est serré"). */
const LIKED_END = /[,;:]\s+(?=(?:ils|elles|il|elle|on|nous|je|leur|leurs|c'est|cela)\b)/;
/** "La terrasse leur a beaucoup plu": what they liked comes first. */
const PLEASED = /\s+(?:leur|lui|nous|m')\s*(?:a|ont)\s+(?:[a-z]+\s+)?plu\b/;
const WEAK_POINT =
  /\b(?:trop|pas assez|manque|(?:est|sont|un peu|assez|plutot|tres) petite?s?|sombre|bruyante?s?|bruit|du vis-a-vis|elevee?s?|chere?s?|n'(?:a|ont) pas (?:aime|apprecie)|ne (?:leur|lui) (?:a|ont) pas plu|decus?|inquiete?s?|regrettent|dommage|vetuste|humidite|fissures?|mal (?:agence|isole|expose)e?|ennuyeux|genant|vieillot|a revoir)\b/;
const QUALITY =
  /\b(?:lumineux|lumineuse|luminosite|calme|vue|balcon|terrasse|jardin|ascenseur|refaite?s?|renovee?s?|neuve?s?|traversant|expose|exposition|spacieux|spacieuse|belle?s?|beaux?|agreable|charme|cachet|proche|parking|garage|cave|piscine|parquet|moulures|cheminee|sans vis-a-vis|bon etat|dernier etage|double vitrage|fonctionnel|ideal|ideale)\b/;
const WORKS =
  /\b(?:travaux|a refaire|a renover|a reprendre|a rafraichir|a changer|a remplacer|a moderniser|aux normes|rafraichissement|renovation|remise en etat)\b/;
/** Something done since the last visit: works finished, an offer received, a decision taken. */
const DONE =
  /\b(?:sont|est|ont ete|a ete|avons|ont|a)\s+(?:[a-z]+\s+)?(?:termine|fini|acheve|refait|repeint|remplace|installe|renove|change|realise|effectue|pose|livre|signe|vendu|baisse|avance|recu|refuse|accepte|obtenu|fait|ravale|entretenu|trouve|equipe)e?s?\b|\b(?:desormais|maintenant|enfin|accepte|acceptent|avancent|en cours)\b/;
const SINCE = /^depuis\b[^,]*,\s*/;

/** An action ahead for the agent (what follows is the action)... */
const AGENT_NEXT =
  /\b(?:prochaine etape|prochaines etapes|a faire|reste a|il reste a|il faut|il faudra|je dois|je devrai|je vais|on va|on doit|nous allons|nous devons|penser a|ne pas oublier de)\s*:?\s+/;
/** ...or for the people met ("ils souhaitent revenir samedi"): the action starts at the verb. */
const THEIR_NEXT =
  /\b(?:ils|elles|il|elle|le couple|monsieur|madame)\s+(?:souhaitent|souhaite|veulent|veut|vont|va|doivent|doit|aimeraient|aimerait|comptent|compte|prevoient de|prevoit de|envisagent de|envisage de)\s+(?=(?:(?:nous|me|m'|le|la|les|lui|leur|l'|y|en|une|un)\s*)?(?:revenir|faire|deposer|rappeler|visiter|revoir|organiser|contacter|consulter|voir|passer|envoyer|transmettre|se positionner|reflechir|signer|recontacter|faire appel))/;

function nextSteps(sentence: Span): string[] {
  const p = plain(sentence.text);
  const m = AGENT_NEXT.exec(p) ?? THEIR_NEXT.exec(p);
  if (!m) return [];
  const from = m.index + m[0].length;
  return cut({ text: sentence.text.slice(from), start: sentence.start + from }, ACTION).map((s) => s.text);
}

interface Found {
  insights: VocalInsights;
  /** Facts of the property, for the summary of a first visit. */
  fields: InitialVisitFields;
}

const empty = (): VocalInsights => ({
  highlights: [],
  objections: [],
  budget: null,
  interestLevel: null,
  changes: [],
  newPrice: null,
  worksNeeded: [],
  people: [],
  nextSteps: [],
});

const push = (list: string[], ...items: string[]) => {
  for (const item of items) if (item && !list.includes(item)) list.push(item);
};

/** What they liked and what held them back, clause by clause; after "mais", "par contre"… everything is a reservation. */
function appreciation(sentence: Span, out: VocalInsights, firstVisit: boolean): void {
  const p = plain(sentence.text);
  // A plan ("ils souhaitent revenir…") is a next step, not a reaction.
  if (AGENT_NEXT.test(p) || THEIR_NEXT.test(p)) return;
  const segments: { span: Span; contrast: boolean }[] = [];
  let from = 0;
  let contrast = false;
  for (const m of p.matchAll(CONTRAST)) {
    if (m.index > from) segments.push({ span: { text: sentence.text.slice(from, m.index), start: sentence.start + from }, contrast });
    from = m.index + m[0].length;
    contrast = true;
  }
  segments.push({ span: { text: sentence.text.slice(from), start: sentence.start + from }, contrast });

  for (const { span, contrast: against } of segments) {
    const sp = plain(span.text);
    const liked = against ? null : LIKED.exec(sp);
    const pleased = against ? null : PLEASED.exec(sp);
    if (liked) {
      const from = liked.index + liked[0].length;
      const end = LIKED_END.exec(sp.slice(from));
      const to = end ? from + end.index : span.text.length;
      push(out.highlights, ...cut({ text: span.text.slice(from, to), start: span.start + from }, ITEM).map((s) => s.text));
      if (end) appreciation({ text: span.text.slice(to), start: span.start + to }, out, firstVisit);
      continue;
    }
    if (pleased) {
      push(out.highlights, tidy(span.text.slice(0, pleased.index)));
      continue;
    }
    for (const clause of cut(span, CLAUSE)) {
      const cp = plain(clause.text);
      // A buyer's "trop cher par rapport aux travaux" is a reservation; an owner's "toiture à reprendre" is works to plan.
      if (firstVisit && WORKS.test(cp) && !DONE.test(cp)) push(out.worksNeeded, clause.text);
      else if (against || WEAK_POINT.test(cp)) push(out.objections, clause.text);
      else if (firstVisit && QUALITY.test(cp) && !/\b(?:sans|pas|manque)\b/.test(cp.replace('sans vis-a-vis', ''))) {
        // "avec ascenseur" is listed as "ascenseur".
        push(out.highlights, clause.text.replace(/^avec\s+/i, ''));
      }
    }
  }
}

const LOW_INTEREST =
  /\b(?:pas convaincue?s?|peu convaincue?s?|pas (?:tres |du tout )?(?:interessee?s?|emballee?s?|seduite?s?)|ne (?:donneront|donnera) pas suite|pas de suite|decus?|ne correspond pas|n'a pas plu|ne (?:leur|lui) a pas plu|pas d'offre|aucune offre|ne (?:feront|fera) pas d'offre|aucun interet|pas pour eux)\b/;
const HIGH_INTEREST =
  /\b(?:offre|contre-visite|contre visite|coup de c(?:œ|oe)ur|tres interesses?|emballes?|conquis|ravis|enthousiastes?|seconde visite|deuxieme visite|revenir|se positionner)\b/;
const MEDIUM_INTEREST = /\b(?:interesses?|reflechir|hesit\w*|mitiges?|pourquoi pas|peut-etre|partages?)\b/;

function interest(text: string, out: VocalInsights): VocalInsights['interestLevel'] {
  const p = plain(text);
  if (LOW_INTEREST.test(p)) return 'LOW';
  if (HIGH_INTEREST.test(p)) return 'HIGH';
  if (MEDIUM_INTEREST.test(p) || out.highlights.length > 0 || out.objections.length > 0) return 'MEDIUM';
  return null;
}

/** The first amount after `cue` in a sentence: "leur budget est de cent soixante-dix-huit mille euros". */
function budget(sentences: Span[], cue: RegExp): number | null {
  for (const s of sentences) {
    const m = cue.exec(plain(s.text));
    if (!m) continue;
    const n = findNumbers(s.text).find((n) => n.start >= m.index && !n.ordinal && n.value >= 10_000);
    if (n) return n.value;
  }
  return null;
}

const BUDGET_CUE = /\b(?:budget|capacite d'(?:emprunt|achat)|enveloppe|peuvent mettre|jusqu'a|maximum)\b/;
const NEW_PRICE = /\b(?:baisser|baisse|ramener|ramene|descendre|revoir|revu|diminuer|passer|passe|nouveau prix|fixe|ajuste)\b/;

/** "passe de 450 000 à 429 000 euros", "baisser le prix à 295 000 €": the amount after "à" is the new one. */
function newPrice(sentences: Span[]): number | null {
  for (const s of sentences) {
    const p = plain(s.text);
    const m = NEW_PRICE.exec(p);
    if (!m) continue;
    const amounts = findNumbers(s.text).filter((n) => n.start >= m.index && !n.ordinal && n.value >= 10_000);
    const target = amounts.find((n) => /\ba $/.test(p.slice(0, n.start))) ?? amounts[0];
    if (target) return target.value;
  }
  return null;
}

function read(transcript: string, vocalType: DetectableVocalType): Found {
  const out = empty();
  const all = sentences(transcript);
  out.people = people(transcript);
  for (const s of all) push(out.nextSteps, ...nextSteps(s));
  let fields: InitialVisitFields = {};

  if (vocalType === 'COMPTE_RENDU_VISITE_CLIENT') {
    for (const s of all) appreciation(s, out, false);
    out.budget = budget(all, BUDGET_CUE);
    out.interestLevel = interest(transcript, out);
  } else if (vocalType === 'VISITE_SUIVI') {
    for (const s of all) {
      const p = plain(s.text);
      if (AGENT_NEXT.test(p) || THEIR_NEXT.test(p)) continue;
      const since = SINCE.exec(p);
      const body = since ? { text: s.text.slice(since[0].length), start: s.start + since[0].length } : s;
      for (const clause of cut(body, CLAUSE)) {
        const cp = plain(clause.text);
        const priceChange = NEW_PRICE.test(cp) && findNumbers(clause.text).some((n) => n.value >= 10_000);
        if (since || DONE.test(cp) || priceChange) push(out.changes, clause.text);
        else if (WORKS.test(cp)) push(out.worksNeeded, clause.text);
        else if (WEAK_POINT.test(cp)) push(out.objections, clause.text);
      }
    }
    out.newPrice = newPrice(all);
  } else {
    for (const s of all) appreciation(s, out, true);
    fields = extractInitialVisit(transcript).fields;
  }
  return { insights: out, fields };
}

const INTEREST_LABELS = { HIGH: 'élevé', MEDIUM: 'moyen', LOW: 'faible' } as const;
const TYPE_LABELS: Record<NonNullable<InitialVisitFields['propertyType']>, string> = {
  APPARTEMENT: 'appartement',
  MAISON: 'maison',
  STUDIO: 'studio',
  LOFT: 'loft',
  TERRAIN: 'terrain',
  LOCAL_COMMERCIAL: 'local commercial',
  IMMEUBLE: 'immeuble',
};

const listed = (items: string[], separator = ', ') =>
  separator === ', ' ? frenchList(items.map(uncapitalise)) : items.map(uncapitalise).join(separator);

function where(people: string[], property: VocalPropertyContext | null): string {
  const at = property ? ` pour « ${property.title} » (${property.address})` : '';
  return `${people.length ? ` chez ${frenchList(people)}` : ''}${at}`;
}

/** "Appartement de 3 pièces, 75 m², 12 rue des Lices à Angers, prix envisagé 320 000 €." */
function description(f: InitialVisitFields): string | null {
  const parts = [
    f.rooms !== undefined ? `${f.rooms} pièce${f.rooms > 1 ? 's' : ''}` : null,
    f.surface !== undefined ? `${frenchNumber(f.surface).replace(/,00$/, '')} m²` : null,
    f.address ? `${f.address}${f.city ? ` à ${f.city}` : ''}` : null,
    f.price !== undefined ? `prix envisagé ${euros(f.price)}` : null,
  ].filter((p): p is string => p !== null);
  if (!f.propertyType && parts.length === 0) return null;
  return `${capitalise(f.propertyType ? TYPE_LABELS[f.propertyType] : 'bien')}${parts.length ? ` : ${parts.join(', ')}` : ''}.`;
}

function summaryOf(found: Found, vocalType: DetectableVocalType, property: VocalPropertyContext | null, transcript: string): string {
  const i = found.insights;
  const out: string[] = [];
  if (vocalType === 'COMPTE_RENDU_VISITE_CLIENT') {
    const visitors = i.people.length ? ` ${ofName(frenchList(i.people))}` : '';
    out.push(`Compte rendu de la visite${visitors}${property ? ` pour « ${property.title} » (${property.address})` : ''}.`);
    const liked = i.highlights.length ? `Points appréciés : ${listed(i.highlights)}` : null;
    const against = i.objections.length ? `réserves : ${listed(i.objections, ' ; ')}` : null;
    if (liked || against) out.push(`${capitalise([liked, against].filter(Boolean).join(' ; '))}.`);
    const budget = i.budget !== null ? `Budget de ${euros(i.budget)}` : null;
    const level = i.interestLevel ? `intérêt ${INTEREST_LABELS[i.interestLevel]}` : null;
    if (budget || level) out.push(`${capitalise([budget, level].filter(Boolean).join(', '))}.`);
  } else if (vocalType === 'VISITE_SUIVI') {
    out.push(`Visite de suivi${where(i.people, property)}.`);
    if (i.changes.length) out.push(`Depuis la dernière visite : ${listed(i.changes, ' ; ')}.`);
    if (i.newPrice !== null) out.push(`Nouveau prix : ${euros(i.newPrice)}.`);
  } else {
    out.push(`Visite initiale${where(i.people, property)}.`);
    const described = description(found.fields);
    if (described) out.push(described);
    const strong = i.highlights.length ? `Points forts : ${listed(i.highlights)}` : null;
    const works = i.worksNeeded.length ? `travaux : ${listed(i.worksNeeded, ' ; ')}` : null;
    if (strong || works) out.push(`${capitalise([strong, works].filter(Boolean).join(' ; '))}.`);
  }
  if (i.nextSteps.length && out.length < 4) out.push(`Suite prévue : ${listed(i.nextSteps, ' ; ')}.`);
  // Nothing found beyond the opening: the agent gets the first words said.
  if (out.length < 2) {
    // The transcript is not empty here, so it has a first sentence.
    out.push(`Le vocal commence ainsi : « ${tidy(sentences(transcript)[0]!.text)} ».`);
  }
  return out.slice(0, 4).join(' ');
}

/** How much was found of what this kind of note is for; people and next steps count half. */
function weightOf(i: VocalInsights, vocalType: DetectableVocalType, fields: InitialVisitFields): number {
  const half = (i.people.length > 0 ? 0.5 : 0) + 0.5 * Math.min(2, i.nextSteps.length);
  if (vocalType === 'COMPTE_RENDU_VISITE_CLIENT') {
    return i.highlights.length + i.objections.length + (i.budget !== null ? 1 : 0) + (i.interestLevel ? 1 : 0) + half;
  }
  if (vocalType === 'VISITE_SUIVI') return i.changes.length + (i.newPrice !== null ? 1 : 0) + 0.5 * i.worksNeeded.length + half;
  return i.highlights.length + i.worksNeeded.length + Math.min(1.5, 0.25 * Object.keys(fields).length) + half;
}

const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function reasoningOf(i: VocalInsights, confidence: number): string {
  const parts = [
    i.highlights.length ? count(i.highlights.length, 'point positif', 'points positifs') : null,
    i.objections.length ? count(i.objections.length, 'réserve', 'réserves') : null,
    i.budget !== null ? 'un budget' : null,
    i.interestLevel ? `un intérêt ${INTEREST_LABELS[i.interestLevel]}` : null,
    i.changes.length ? count(i.changes.length, 'changement', 'changements') : null,
    i.newPrice !== null ? 'un nouveau prix' : null,
    i.worksNeeded.length
      ? i.worksNeeded.length === 1
        ? 'des travaux à prévoir'
        : `${i.worksNeeded.length} postes de travaux à prévoir`
      : null,
    i.people.length ? count(i.people.length, 'personne citée', 'personnes citées') : null,
    i.nextSteps.length ? count(i.nextSteps.length, 'prochaine étape', 'prochaines étapes') : null,
  ].filter((p): p is string => p !== null);
  const verdict = confidence >= INSIGHTS_FLOOR ? '' : ' Trop peu d’éléments : à compléter par un agent.';
  return `${parts.length ? `Relevé dans la transcription : ${frenchList(parts)}.` : 'Rien de notable relevé dans la transcription.'} Confiance ${frenchPercent(confidence)}.${verdict}`;
}

export function extractInsights(input: ExtractInsightsInput): VocalInsightsResult {
  const transcript = input.transcript.trim();
  if (!transcript) {
    return {
      summary: 'Vocal sans contenu exploitable. Aucune information n’a pu en être tirée.',
      insights: empty(),
      confidence: 0,
      reasoning: 'Transcription vide : aucune information à relever.',
    };
  }
  const found = read(transcript, input.vocalType);
  const weight = weightOf(found.insights, input.vocalType, found.fields);
  // One item alone stays below the floor; five or more make a confident reading.
  const confidence = weight === 0 ? 0.2 : Math.min(0.95, Math.round((0.35 + 0.12 * weight) * 100) / 100);
  return {
    summary: summaryOf(found, input.vocalType, input.property, transcript),
    insights: found.insights,
    confidence,
    reasoning: reasoningOf(found.insights, confidence),
  };
}
