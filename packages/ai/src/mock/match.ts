import { signatureName, splitEmail, stripSubjectPrefixes } from '../email.ts';
import { escapeRegExp, fold, foldKeepCase, frenchList, frenchPercent, memo } from '../text.ts';
import { MESSAGE_PROPERTY_FLOOR } from '../types.ts';
import type {
  CandidateParticipant,
  MatchPropertyInput,
  ParticipantRole,
  PropertyCandidate,
  PropertyMatch,
  PropertyMatchCandidate,
} from '../types.ts';
import { emailsIn, normalizeEmail, normalizePhone, parseAddress, phonesIn, streetWords } from './normalize.ts';

/**
 * Evidence is scored in points; a property's confidence is 1 − e^(−points), so points add up
 * while confidence saturates: 2.3 points ≈ 0.90, 1.9 ≈ 0.85, 1.2 ≈ 0.70, 0.6 ≈ 0.45, 0.16 ≈ 0.15.
 * Within one kind of evidence only the strongest counts (a couple of owners named together is
 * one clue, not two).
 */
type EvidenceKind = 'sender' | 'contact' | 'mandate' | 'address' | 'kind' | 'postalCode' | 'city' | 'name';

interface Evidence {
  kind: EvidenceKind;
  points: number;
  text: string;
}

const ROLE_LABEL: Record<ParticipantRole, string> = {
  VENDEUR: 'vendeur',
  ACHETEUR: 'acquéreur',
  LOCATAIRE: 'locataire',
  NOTAIRE: 'notaire',
  ARTISAN: 'artisan',
  AUTRE: 'contact',
  PROSPECT: 'prospect',
};

/**
 * The sender being a participant is the strongest clue, by role: a notary or an artisan works on
 * several of the agency's properties, a prospect visits several.
 */
const SENDER_POINTS: Record<ParticipantRole, number> = {
  VENDEUR: 2.3,
  ACHETEUR: 2.3,
  LOCATAIRE: 2.0,
  NOTAIRE: 1.9,
  ARTISAN: 1.6,
  AUTRE: 1.6,
  PROSPECT: 1.4,
};

/** [full name, civility + surname, capitalised surname alone] by role: "by the owner's name" first. */
const NAME_POINTS: Record<ParticipantRole, [number, number, number]> = {
  VENDEUR: [1.3, 1.0, 0.6],
  ACHETEUR: [1.0, 0.7, 0.45],
  LOCATAIRE: [1.0, 0.7, 0.45],
  NOTAIRE: [0.5, 0.4, 0.25],
  ARTISAN: [0.6, 0.45, 0.25],
  AUTRE: [0.6, 0.45, 0.25],
  PROSPECT: [0.6, 0.45, 0.25],
};

const POINTS = {
  mandate: 2.3,
  exactAddress: 1.9,
  /** The whole address of a property that has no street number, or "12" for a "12 bis". */
  nearAddress: 1.2,
  contactInText: 1.4,
  street: 0.6,
  streetName: 0.35,
  /** "T4", "villa", "studio" when one property only is of that kind; shared kinds count less. */
  kind: 0.5,
  postalCode: 0.22,
  city: 0.16,
} as const;

/**
 * Below this a property is not a plausible answer: the street without its number is the least
 * that is (a postal code and a city together, or a kind of property, stay below).
 */
const PLAUSIBLE_POINTS = 0.55;
/** A sender's name alone: ≈ 0.57, under the 0.6 floor. */
const SPOOFABLE_NAME_POINTS = 0.85;
/** Two plausible properties closer than this are ambiguous: the difference is not worth a decision. */
const DECISIVE_MARGIN = 0.5;
/** Candidates weaker than this are not worth showing to the agent (the city alone). */
const LISTED_POINTS = 0.2;
const MAX_LISTED = 5;
const MAX_CONFIDENCE = 0.97;

const CIVILITY = '(?:m|mr|monsieur|mme|madame|mlle|mademoiselle|me|maitre|dr|docteur|famille|chez|epoux)';
/** Street names too common to count without their street type ("près de la gare", "la paix"). */
const COMMON_STREET_NAMES = new Set([
  'gare',
  'paix',
  'eglise',
  'mairie',
  'poste',
  'marche',
  'port',
  'republique',
  'liberation',
  'ecoles',
  'moulin',
  'fontaine',
  'paradis',
  'sainte',
  'saint',
]);

const foldName = memo((name) => fold(name).trim());
const parsedAddress = memo(parseAddress);
const cityWords = memo(streetWords);
const titleKinds = memo((title) => kindsIn(title));

const confidenceOf = (points: number): number => Math.min(MAX_CONFIDENCE, Math.round((1 - Math.exp(-points)) * 100) / 100);

/** What a message says, in the forms the clues are looked up in. Built once per message. */
interface Reading {
  /** Folded new text and subject. */
  folded: string;
  /** Folded with case kept, to tell the surname "Blanc" from the colour "blanc". */
  cased: string;
  streets: string;
  emails: Set<string>;
  phones: Set<string>;
  senderEmail: string | null;
  senderPhone: string | null;
  /** The sender's display name and the name their signature opens with, folded. */
  senderNames: string[];
  /** Kinds of property the text names ("t4", "villa"). */
  kinds: Set<string>;
}

function read(input: MatchPropertyInput): Reading {
  const { newText, signature } = splitEmail(input.text);
  const text = [input.subject ? stripSubjectPrefixes(input.subject) : '', newText].join('\n');
  const senderEmail = input.sender?.email ? normalizeEmail(input.sender.email) : null;
  const senderPhone = input.sender?.phone ? normalizePhone(input.sender.phone) : null;
  const emails = emailsIn(text);
  const phones = phonesIn(text);
  // The sender's own address or number in their text says nothing more than the sender does.
  if (senderEmail) emails.delete(senderEmail);
  if (senderPhone) phones.delete(senderPhone);
  return {
    folded: fold(text),
    cased: ` ${foldKeepCase(text)} `,
    streets: streetWords(text),
    emails,
    phones,
    senderEmail,
    senderPhone,
    senderNames: [input.sender?.name, signatureName(signature)].filter((n): n is string => !!n).map(fold),
    kinds: kindsIn(text),
  };
}

/** Kinds of property a title or a text names: "T3"/"F3"/"3 pièces" → "t3", "villa", "studio"… */
function kindsIn(text: string): Set<string> {
  const words = fold(text);
  const kinds = new Set<string>();
  for (const m of words.matchAll(
    / (?:[tf]([1-7])|([1-7]) pieces|(studio|loft|villa|maison|terrain|duplex|bastide|mas|cabanon|chalet))(?= )/g,
  )) {
    kinds.add(m[3] ?? `t${m[1] ?? m[2]}`);
  }
  return kinds;
}

const fullName = (p: CandidateParticipant): string => `${p.firstName} ${p.lastName}`.trim();

function senderEvidence(reading: Reading, p: CandidateParticipant): Evidence | null {
  const role = ROLE_LABEL[p.role];
  const points = SENDER_POINTS[p.role];
  if (reading.senderEmail && p.email && normalizeEmail(p.email) === reading.senderEmail) {
    return { kind: 'sender', points, text: `L'expéditeur (${reading.senderEmail}) est ${role} de ce bien : ${fullName(p)}` };
  }
  if (reading.senderPhone && p.phone && normalizePhone(p.phone) === reading.senderPhone) {
    return { kind: 'sender', points, text: `L'expéditeur (${p.phone}) est ${role} de ce bien : ${fullName(p)}` };
  }
  const first = foldName(p.firstName);
  const last = foldName(p.lastName);
  if (last) {
    if (reading.senderNames.some((n) => n === ` ${first} ${last} ` || n === ` ${last} ${first} `)) {
      // Anyone can write any display name: without a known address or phone it proposes, never attaches alone.
      return {
        kind: 'sender',
        points: Math.min(NAME_POINTS[p.role][0], SPOOFABLE_NAME_POINTS),
        text: `L'expéditeur porte le nom d'un ${role} de ce bien : ${fullName(p)}`,
      };
    }
  }
  return null;
}

function contactEvidence(reading: Reading, p: CandidateParticipant): Evidence | null {
  const points = p.role === 'VENDEUR' || p.role === 'ACHETEUR' || p.role === 'LOCATAIRE' ? POINTS.contactInText : POINTS.contactInText / 2;
  const email = p.email ? normalizeEmail(p.email) : null;
  const phone = p.phone ? normalizePhone(p.phone) : null;
  if ((email && reading.emails.has(email)) || (phone && reading.phones.has(phone))) {
    return { kind: 'contact', points, text: `Le message cite les coordonnées du ${ROLE_LABEL[p.role]} ${fullName(p)}` };
  }
  return null;
}

function nameEvidence(reading: Reading, p: CandidateParticipant): Evidence | null {
  const last = foldName(p.lastName);
  if (last.length < 3) return null;
  const first = foldName(p.firstName);
  const [full, civil, alone] = NAME_POINTS[p.role];
  const role = ROLE_LABEL[p.role];
  if (first && (reading.folded.includes(` ${first} ${last} `) || reading.folded.includes(` ${last} ${first} `))) {
    return { kind: 'name', points: full, text: `Nom du ${role} cité : ${fullName(p)}` };
  }
  if (surnamePatterns(p.lastName).civil.test(reading.folded)) {
    return { kind: 'name', points: civil, text: `Nom du ${role} cité : ${p.lastName}` };
  }
  if (last.length >= 4 && surnamePatterns(p.lastName).capitalised.test(reading.cased)) {
    return { kind: 'name', points: alone, text: `Nom de famille du ${role} cité : ${p.lastName}` };
  }
  return null;
}

const surnamePatterns = memo((lastName) => {
  const cased = foldKeepCase(lastName);
  const titled = cased.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  return {
    // "M. Fabre", "Mme Roux", "M. et Mme Roux", "Me Castellan".
    civil: new RegExp(` ${CIVILITY}(?: et ${CIVILITY})? ${escapeRegExp(cased.toLowerCase())} `),
    // Alone, a surname counts only capitalised ("Blanc", "BLANC"), not as the common word.
    capitalised: new RegExp(` (?:${[cased, titled, cased.toUpperCase()].map(escapeRegExp).join('|')}) `),
  };
});

/** "MV-2026-014" as written in a register, found as "MV 2026-014", "mv2026014" or "mandat n° 2026-14". */
const mandatePatterns = memo((mandateNumber) => {
  const chunks = foldKeepCase(mandateNumber)
    .toLowerCase()
    .split(/(?<=\d)(?=\D)|(?<=\D)(?=\d)|\s+/)
    .filter((c) => c !== '');
  const pattern = (parts: string[]) => parts.map((c) => (/^\d+$/.test(c) ? `0*${c.replace(/^0+(?=\d)/, '')}` : escapeRegExp(c))).join(' ?');
  const compact = chunks.join('');
  const digits = chunks.filter((c) => /^\d+$/.test(c));
  return {
    // A short or purely numeric number ("145") is a mandate only when the text says "mandat" before it.
    alone:
      compact.length >= 6 || (/\d/.test(compact) && /[a-z]/.test(compact) && compact.length >= 4)
        ? new RegExp(` ${pattern(chunks)} `)
        : null,
    afterMandat: digits.length > 0 ? new RegExp(` mandats? (?:[a-z]+ ){0,3}(?:n |no |numero )?(?:[a-z]+ ?)?${pattern(digits)} `) : null,
  };
});

function mandateEvidence(reading: Reading, mandateNumber: string): Evidence | null {
  const { alone, afterMandat } = mandatePatterns(mandateNumber);
  if (alone?.test(reading.folded) || afterMandat?.test(reading.folded)) {
    return { kind: 'mandate', points: POINTS.mandate, text: `Numéro de mandat cité : ${mandateNumber}` };
  }
  return null;
}

function addressEvidence(reading: Reading, c: PropertyCandidate): Evidence | null {
  const a = parsedAddress(c.address);
  if (!a.name) return null;
  const street = a.type ? `${a.type} ${a.name}` : a.name;
  const label = c.address.trim();
  // "rue Sainte" as the agency wrote it, for the agent to read.
  const streetLabel = label.replace(/^\d+\s*(?:bis|ter|quater)?\b[\s,]*/i, '');
  if (a.number) {
    const exact = ` ${a.number}${a.suffix ? ` ${a.suffix}` : ''} ${street} `;
    if (reading.streets.includes(exact)) return { kind: 'address', points: POINTS.exactAddress, text: `Adresse exacte citée : ${label}` };
    // "12 place de Lenche" for the "12 bis": the same house number, the suffix left out.
    if (a.suffix && reading.streets.includes(` ${a.number} ${street} `)) {
      return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée sans le « ${a.suffix} » : ${label}` };
    }
    // "12bis Lenche": number and name, the street type left out.
    if (a.type && reading.streets.includes(` ${a.number}${a.suffix ? ` ${a.suffix}` : ''} ${a.name} `)) {
      return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée sans le type de voie : ${label}` };
    }
  } else if (a.type && reading.streets.includes(` ${street} `)) {
    return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée (sans numéro de rue) : ${label}` };
  }
  if (a.type && reading.streets.includes(` ${street} `)) {
    return { kind: 'address', points: POINTS.street, text: `Rue citée sans le numéro du bien : ${streetLabel}` };
  }
  const distinctive = a.name.includes(' ') ? a.name.replace(/ /g, '').length >= 8 : a.name.length >= 7 && !COMMON_STREET_NAMES.has(a.name);
  if (distinctive && reading.streets.includes(` ${a.name} `)) {
    return { kind: 'address', points: POINTS.streetName, text: `Nom de rue cité : ${streetLabel}` };
  }
  return null;
}

function placeEvidence(reading: Reading, c: PropertyCandidate): Evidence[] {
  const found: Evidence[] = [];
  const postal = c.postalCode.replace(/\s/g, '');
  if (/^\d{5}$/.test(postal) && reading.folded.includes(` ${postal} `)) {
    found.push({ kind: 'postalCode', points: POINTS.postalCode, text: `Code postal cité : ${postal}` });
  }
  const city = cityWords(c.city);
  if (city.trim() && reading.streets.includes(city)) found.push({ kind: 'city', points: POINTS.city, text: `Ville citée : ${c.city}` });
  return found;
}

function kindEvidence(reading: Reading, c: PropertyCandidate, kindCounts: Map<string, number>): Evidence | null {
  let best: Evidence | null = null;
  for (const kind of titleKinds(c.title)) {
    if (!reading.kinds.has(kind)) continue;
    const points = POINTS.kind / kindCounts.get(kind)!;
    if (!best || points > best.points) best = { kind: 'kind', points, text: `Type de bien cité : ${kind.replace(/^t(\d)$/, 'T$1')}` };
  }
  return best;
}

function evidenceFor(reading: Reading, c: PropertyCandidate, kindCounts: Map<string, number>): Evidence[] {
  const all: (Evidence | null)[] = [kindEvidence(reading, c, kindCounts)];
  for (const p of c.participants) all.push(senderEvidence(reading, p), contactEvidence(reading, p), nameEvidence(reading, p));
  if (c.mandateNumber) all.push(mandateEvidence(reading, c.mandateNumber));
  all.push(addressEvidence(reading, c), ...placeEvidence(reading, c));
  const strongest = new Map<EvidenceKind, Evidence>();
  for (const e of all) {
    if (e && e.points > (strongest.get(e.kind)?.points ?? 0)) strongest.set(e.kind, e);
  }
  return [...strongest.values()].sort((x, y) => y.points - x.points);
}

interface Scored {
  candidate: PropertyCandidate;
  points: number;
  evidence: Evidence[];
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const quoted = (c: PropertyCandidate) => `« ${c.title} » (${c.address}, ${c.city})`;

export function matchProperty(input: MatchPropertyInput): PropertyMatch {
  if (input.candidates.length === 0) {
    return {
      propertyId: null,
      confidence: 0,
      ambiguous: false,
      candidates: [],
      reasoning: "L'agence n'a aucun bien auquel rattacher ce message.",
    };
  }
  const reading = read(input);
  // A kind of property distinguishes only if few properties share it ("villa" among flats).
  const kindCounts = new Map<string, number>();
  for (const c of input.candidates) for (const kind of titleKinds(c.title)) kindCounts.set(kind, (kindCounts.get(kind) ?? 0) + 1);
  const scored: Scored[] = input.candidates
    .map((candidate) => {
      const evidence = evidenceFor(reading, candidate, kindCounts);
      return { candidate, evidence, points: evidence.reduce((sum, e) => sum + e.points, 0) };
    })
    .filter((s) => s.points > 0)
    // Ties keep the caller's order, so the same input always gives the same answer.
    .sort((x, y) => y.points - x.points);

  const listed: PropertyMatchCandidate[] = scored
    .filter((s) => s.points >= LISTED_POINTS)
    .slice(0, MAX_LISTED)
    .map((s) => ({ propertyId: s.candidate.id, confidence: confidenceOf(s.points), evidence: s.evidence.map((e) => e.text) }));
  const [top, second] = scored;

  if (!top || top.points < PLAUSIBLE_POINTS) {
    const hints = top ? ` Indices trop faibles : ${frenchList(top.evidence.map((e) => lowerFirst(e.text)))}.` : '';
    return {
      propertyId: null,
      confidence: top ? confidenceOf(top.points) : 0,
      ambiguous: false,
      candidates: listed,
      reasoning: `Aucun bien identifié : ni expéditeur connu, ni numéro de mandat, ni adresse précise dans le message.${hints}`,
    };
  }

  const rivals = scored.filter((s) => s !== top && s.points >= PLAUSIBLE_POINTS && top.points - s.points < DECISIVE_MARGIN);
  if (rivals.length > 0) {
    const tied = [top, ...rivals];
    const shown = listed.filter((l) => tied.some((t) => t.candidate.id === l.propertyId));
    return {
      propertyId: null,
      confidence: confidenceOf(top.points),
      ambiguous: true,
      candidates: shown,
      reasoning: `Plusieurs biens correspondent sans indice pour les départager : ${frenchList(
        tied
          .slice(0, MAX_LISTED)
          .map((s) => `${quoted(s.candidate)}, confiance ${frenchPercent(confidenceOf(s.points))} (${lowerFirst(s.evidence[0]!.text)})`),
      )}. À vérifier par un agent.`,
    };
  }

  // A weaker rival lowers the confidence: half its points count against the winner.
  const confidence = confidenceOf(top.points - (second ? second.points / 2 : 0));
  const verdict = confidence >= MESSAGE_PROPERTY_FLOOR ? 'Rattaché à' : 'Proposition à vérifier :';
  return {
    propertyId: top.candidate.id,
    confidence,
    ambiguous: false,
    candidates: listed,
    reasoning: `${verdict} ${quoted(top.candidate)}, confiance ${frenchPercent(confidence)}. Indices : ${frenchList(top.evidence.map((e) => lowerFirst(e.text)))}.`,
  };
}

/** The rules' answer, and whether a clear cue settled it (no second opinion needed). */
export interface RuleMatch extends PropertyMatch {
  decisive: boolean;
}

/** Confidence at which the rules' answer stands without asking a model. */
const DECISIVE_CONFIDENCE = 0.9;

/** The deterministic matcher, for the mock provider and as the first stage of a model-backed one. */
export function matchByRules(input: MatchPropertyInput): RuleMatch {
  const match = matchProperty(input);
  return { ...match, decisive: !!match.propertyId && !match.ambiguous && match.confidence >= DECISIVE_CONFIDENCE };
}
