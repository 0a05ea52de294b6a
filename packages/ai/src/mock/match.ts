import { signatureName, splitEmail, stripSubjectPrefixes } from '../email.ts';
import { escapeRegExp, fold, foldKeepCase, frenchList, frenchPercent, memo } from '../text.ts';
import { CONFIDENT_ATTACHMENT, MESSAGE_PROPERTY_FLOOR } from '../types.ts';
import type {
  CandidateParticipant,
  MatchPropertyInput,
  ParticipantRole,
  PropertyCandidate,
  PropertyMatch,
  PropertyMatchCandidate,
} from '../types.ts';
import { type DescriptionFit, describedFits, fitScore } from './description-score.ts';
import { emailsIn, normalizeEmail, normalizePhone, parseAddress, phonesIn, streetWords } from './normalize.ts';

/**
 * Evidence is scored in points; a property's confidence is 1 − e^(−points), so points add up
 * while confidence saturates: 2.3 points ≈ 0.90, 1.9 ≈ 0.85, 1.2 ≈ 0.70, 0.6 ≈ 0.45, 0.16 ≈ 0.15.
 * Within one kind of evidence only the strongest counts (a couple of owners named together is
 * one clue, not two).
 */
type EvidenceKind = 'apart' | 'sender' | 'buying' | 'contact' | 'mandate' | 'address' | 'description' | 'postalCode' | 'city' | 'name';

interface Evidence {
  kind: EvidenceKind;
  points: number;
  text: string;
  /** A cue that settles the question alone: the sender's own address or phone, a mandate number, the exact address, a learned sender. */
  clear?: boolean;
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

/** « du vendeur » but « de l’acquéreur », « de l’artisan »: French elides before a vowel. */
const ofRole = (role: string): string => (/^[aeiouyéè]/i.test(role) ? `de l’${role}` : `du ${role}`);

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
  // A buyer interested in this one may be buying another: close to the buyer's weight, so that
  // « ok pour samedi 10h ? » from the buyer of one and prospect of another stays open.
  PROSPECT: 1.9,
};

/**
 * Financing and signing (« accord de principe », « compromis », « offre de prêt ») are a buyer's
 * business, not a prospect's: the property the sender is buying, when they are also a prospect elsewhere.
 */
const BUYING_POINTS = 0.6;
const BUYING =
  / (?:accord de principe|offre de pret|pret|banque|courtier|financement|compromis|promesse de vente|acte authentique|signature|deblocage des fonds|notaire) /;

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
  /** The serial without prefix or year, unique among the agency's mandates: ≈ 0.86. */
  mandateSerial: 2.0,
  exactAddress: 1.9,
  /** The whole address of a property that has no street number, or "12" for a "12 bis". */
  nearAddress: 1.2,
  contactInText: 1.4,
  /**
   * A person already filed this sender's earlier message under the property: as telling as the
   * sender being its owner. Against another property's mandate number or exact address, a
   * candidate only.
   */
  learnedSender: 2.3,
  /** The AI's own confident attachment: as telling as an exact address, no more than a person. */
  learnedSenderFromAI: 1.9,
  learnedSenderOverruled: 0.6,
  postalCode: 0.22,
  city: 0.16,
} as const;

/**
 * Points per unit of description score (BM25, see description-score.ts): one word only one
 * property has (≈ 2 to 3 units) stays under the floor alone, « T3 + terrasse + canal » attaches.
 * Capped so a description alone never outweighs a known sender or a mandate number.
 */
const DESCRIPTION_POINTS = 0.3;
const MAX_DESCRIPTION_POINTS = 2;
/** ≈ 0.57: under the floor. */
const ONE_WORD_POINTS = 0.85;

/**
 * Below this a property is not a plausible answer: the street without its number is the least
 * that is (a postal code and a city together stay below).
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
const foldName = memo((name) => fold(name).trim());
const parsedAddress = memo(parseAddress);
const cityWords = memo(streetWords);

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
  /** What the description is read from: the new text and subject, without a letterhead. */
  describing: string;
  /** The display name, whose words name who writes, not a property. */
  senderName: string | undefined;
}

function read(input: MatchPropertyInput): Reading {
  const { newText: written, signature } = splitEmail(input.text);
  const newText = withoutLetterhead(written);
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
    describing: text,
    senderName: input.sender?.name,
  };
}

/** A postal address line: "4 place du Salin – 31000 Toulouse". */
const POSTAL_LINE = /\b\d{1,4}\s*(?:bis|ter)?,?\s+\S.*\b\d{5}\b/;

/**
 * A closing block with a postal address ("Office notarial … / 4 place du Salin – 31000 Toulouse")
 * is the sender's letterhead, even without a closing formula before it: the sender's own office,
 * not a property they write about.
 */
function withoutLetterhead(text: string): string {
  const paragraphs = text.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1]!.split('\n').filter((l) => l.trim());
  if (paragraphs.length < 2 || last.length > 4 || !last.some((l) => POSTAL_LINE.test(l))) return text;
  return paragraphs.slice(0, -1).join('\n\n');
}

const fullName = (p: CandidateParticipant): string => `${p.firstName} ${p.lastName}`.trim();

function senderEvidence(reading: Reading, p: CandidateParticipant): Evidence | null {
  const role = ROLE_LABEL[p.role];
  const points = SENDER_POINTS[p.role];
  if (reading.senderEmail && p.email && normalizeEmail(p.email) === reading.senderEmail) {
    return { kind: 'sender', points, clear: true, text: `L’expéditeur (${reading.senderEmail}) est ${role} de ce bien : ${fullName(p)}` };
  }
  if (reading.senderPhone && p.phone && normalizePhone(p.phone) === reading.senderPhone) {
    return { kind: 'sender', points, clear: true, text: `L’expéditeur (${p.phone}) est ${role} de ce bien : ${fullName(p)}` };
  }
  const first = foldName(p.firstName);
  const last = foldName(p.lastName);
  if (last) {
    if (reading.senderNames.some((n) => n === ` ${first} ${last} ` || n === ` ${last} ${first} `)) {
      // Anyone can write any display name: without a known address or phone it proposes, never attaches alone.
      return {
        kind: 'sender',
        points: Math.min(NAME_POINTS[p.role][0], SPOOFABLE_NAME_POINTS),
        text: `L’expéditeur porte le nom d’un ${role} de ce bien : ${fullName(p)}`,
      };
    }
  }
  return null;
}

function buyingEvidence(reading: Reading, p: CandidateParticipant, sender: Evidence | null): Evidence | null {
  if (p.role !== 'ACHETEUR' || !sender?.clear || !BUYING.test(reading.folded)) return null;
  return { kind: 'buying', points: BUYING_POINTS, text: `Le message parle de financement ou de signature : l’expéditeur achète ce bien` };
}

function contactEvidence(reading: Reading, p: CandidateParticipant): Evidence | null {
  const points = p.role === 'VENDEUR' || p.role === 'ACHETEUR' || p.role === 'LOCATAIRE' ? POINTS.contactInText : POINTS.contactInText / 2;
  const email = p.email ? normalizeEmail(p.email) : null;
  const phone = p.phone ? normalizePhone(p.phone) : null;
  if ((email && reading.emails.has(email)) || (phone && reading.phones.has(phone))) {
    return { kind: 'contact', points, text: `Le message cite les coordonnées ${ofRole(ROLE_LABEL[p.role])} ${fullName(p)}` };
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
    return { kind: 'name', points: full, text: `Nom ${ofRole(role)} cité : ${fullName(p)}` };
  }
  const patterns = surnamePatterns(p.lastName);
  if (patterns.civil.test(reading.folded) || patterns.civilFirstName.test(reading.cased) || patterns.family.test(reading.cased)) {
    return { kind: 'name', points: civil, text: `Nom ${ofRole(role)} cité : ${p.lastName}` };
  }
  if (last.length >= 4 && surnamePatterns(p.lastName).capitalised.test(reading.cased)) {
    return { kind: 'name', points: alone, text: `Nom de famille ${ofRole(role)} cité : ${p.lastName}` };
  }
  return null;
}

/**
 * Words after which a capitalised surname is a household or a file, as French says them: « les
 * Auriol », « chez les Roux » (capitalised: « des roux » is hair), « dossier Marty », « vente
 * CAMUS / MARTY », « succession Durand », « consorts Roux », « acquéreurs Esquirol ».
 */
const CASED_CIVILITY = '(?:M|Mr|Monsieur|MONSIEUR|Mme|Madame|MADAME|Mlle|Mademoiselle|Me|Maitre|Dr|Docteur)';
const HOUSEHOLD = ['les', 'des', 'aux', 'dossier', 'vente', 'succession', 'consorts', 'indivision', 'acquereurs?', 'vendeurs?'];
const HOUSEHOLD_WORDS = HOUSEHOLD.flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase().replace('S?', 'S?')]).join(
  '|',
);

const surnamePatterns = memo((lastName) => {
  const cased = foldKeepCase(lastName);
  const titled = cased.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  const surname = [titled, cased.toUpperCase()].map(escapeRegExp).join('|');
  return {
    // "M. Fabre", "Mme Roux", "M. et Mme Roux", "M. & Mme Roux".
    civil: new RegExp(` ${CIVILITY}(?: (?:et )?${CIVILITY})? ${escapeRegExp(cased.toLowerCase())} `),
    // "Mme Corinne Roux": another first name than the contact's (a spouse), capitalised after the civility.
    civilFirstName: new RegExp(` ${CASED_CIVILITY}(?: \\p{Lu}\\p{Ll}+){1,2} (?:${surname}) `, 'u'),
    family: new RegExp(` (?:${HOUSEHOLD_WORDS}) (?:${surname}) `),
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
  const number = (c: string) => `0*${c.replace(/^0+(?=\d)/, '')}`;
  const pattern = (parts: string[]) => parts.map((c) => (/^\d+$/.test(c) ? number(c) : escapeRegExp(c))).join(' ?');
  const compact = chunks.join('');
  const digits = chunks.filter((c) => /^\d+$/.test(c));
  const letters = chunks.filter((c) => !/^\d+$/.test(c));
  const serial = digits.length > 1 ? digits[digits.length - 1]! : null;
  const optional = (parts: string[]) => parts.map((c) => `(?:${escapeRegExp(c)} ?)?`).join('');
  return {
    // A short or purely numeric number ("145") is a mandate only when the text says "mandat" before it.
    alone:
      compact.length >= 6 || (/\d/.test(compact) && /[a-z]/.test(compact) && compact.length >= 4)
        ? new RegExp(` ${pattern(chunks)} `)
        : null,
    afterMandat: digits.length > 0 ? new RegExp(` ${REFERENCE_WORD}${pattern(digits)} `) : null,
    /**
     * The serial alone, the prefix and the year left out (« mandat n° 41 », « réf. 041 », « TLS 041 »):
     * after a reference word or the agency's prefix, written with two digits at least.
     */
    serial: serial
      ? {
          value: Number(serial),
          pattern: new RegExp(
            `(?: ${REFERENCE_WORD}${optional(letters)}(?:${digits.slice(0, -1).map(escapeRegExp).join(' ?')} ?)?| ${letters.map(escapeRegExp).join(' ?')} ?)(?=\\d\\d)${number(serial)} (?!${NOT_A_REFERENCE})`,
          ),
        }
      : null,
  };
});

/** « mandat », « mandat exclusif n° », « réf. », « votre référence », « annonce n° »: what a mandate number follows. */
const REFERENCE_WORD = '(?:mandats?|ref|reference|annonce) (?:[a-z]+ ){0,3}?(?:n |no |numero )?';
/** A number followed by a unit is a size, a price or a delay, not a reference. */
const NOT_A_REFERENCE =
  '(?:\\d|(?:pieces?|m[2²]?|metres?|euros?|eur|k|ke|ans?|mois|jours?|semaines?|chambres?|etages?|h|heures?|minutes?|min) )';

/** `serialUnique`: no other candidate's mandate has the same serial, so the serial alone names it. */
function mandateEvidence(reading: Reading, mandateNumber: string, serialUnique: boolean): Evidence | null {
  const { alone, afterMandat, serial } = mandatePatterns(mandateNumber);
  if (alone?.test(reading.folded) || afterMandat?.test(reading.folded)) {
    return { kind: 'mandate', points: POINTS.mandate, clear: true, text: `Numéro de mandat cité : ${mandateNumber}` };
  }
  if (serial && serialUnique && serial.pattern.test(reading.folded)) {
    return { kind: 'mandate', points: POINTS.mandateSerial, clear: true, text: `Numéro de mandat cité en abrégé : ${mandateNumber}` };
  }
  return null;
}

/** How many candidates' mandates end with each serial number (« 041 » of TLS-2026-041). */
function serialCounts(candidates: PropertyCandidate[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const c of candidates) {
    const value = c.mandateNumber ? mandatePatterns(c.mandateNumber).serial?.value : undefined;
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

function addressEvidence(reading: Reading, c: PropertyCandidate): Evidence | null {
  const a = parsedAddress(c.address);
  if (!a.name) return null;
  const street = a.type ? `${a.type} ${a.name}` : a.name;
  const label = c.address.trim();
  if (a.number) {
    const exact = ` ${a.number}${a.suffix ? ` ${a.suffix}` : ''} ${street} `;
    if (reading.streets.includes(exact)) {
      return { kind: 'address', points: POINTS.exactAddress, clear: true, text: `Adresse exacte citée : ${label}` };
    }
    // "12 place de Lenche" for the "12 bis": the same house number, the suffix left out.
    if (a.suffix && reading.streets.includes(` ${a.number} ${street} `)) {
      return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée sans le « ${a.suffix} » : ${label}` };
    }
    // "12bis Lenche": number and name, the street type left out.
    if (a.type && reading.streets.includes(` ${a.number}${a.suffix ? ` ${a.suffix}` : ''} ${a.name} `)) {
      return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée sans le type de voie : ${label}` };
    }
    // "14 rue Saint" for the rue Sainte: number and street type right, one letter off in a name of five or more.
    if (a.type && misspelt(reading.streets, ` ${a.number}${a.suffix ? ` ${a.suffix}` : ''} ${a.type} `, a.name)) {
      return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée avec une faute de frappe : ${label}` };
    }
  } else if (a.type && reading.streets.includes(` ${street} `)) {
    return { kind: 'address', points: POINTS.nearAddress, text: `Adresse citée (sans numéro de rue) : ${label}` };
  }
  // The street without the number is a describing word, weighed by how many properties share it.
  return null;
}

/** The street name after `start` ("14 rue ") in `streets`, written with one letter wrong, missing or added (two in a long name). */
function misspelt(streets: string, start: string, name: string): boolean {
  const letters = name.replace(/ /g, '');
  if (letters.length < 5) return false;
  const max = letters.length >= 10 ? 2 : 1;
  for (let at = streets.indexOf(start); at >= 0; at = streets.indexOf(start, at + 1)) {
    const words = streets
      .slice(at + start.length)
      .split(' ')
      .slice(0, name.split(' ').length);
    const written = words.join('');
    if (written !== letters && Math.abs(written.length - letters.length) <= max && editDistance(written, letters) <= max) return true;
  }
  return false;
}

/** Levenshtein distance, for short names. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1);
    row = next;
  }
  return row[b.length]!;
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

/** What the message describes of the property; its street counts once, as the address when that was cited. */
function descriptionEvidence(fit: DescriptionFit, address: Evidence | null): Evidence | null {
  const keep = (key: string) => !(address && key.startsWith('st:'));
  const parts = fit.parts.filter((p) => keep(p.key));
  // One word, even a rare one, can be a coincidence (« les vitrines de l'agence »): it proposes,
  // never attaches alone; the advertised price quoted to the euro may.
  // A description placed elsewhere (another street, another postal code) is a hint at most, whatever the town shares.
  // So may a street named with its type that only this property is on, when the writer points at
  // one property (« l’appartement de la rue Réclusane »): the address without its number.
  const cap = fit.elsewhere
    ? ONE_WORD_POINTS / 2
    : parts.length > 1 || parts.some((p) => p.key.startsWith('p:') || (fit.definite && p.key.startsWith('st:') && p.holders === 1))
      ? MAX_DESCRIPTION_POINTS
      : ONE_WORD_POINTS;
  const points = Math.min(cap, fitScore(fit, keep) * DESCRIPTION_POINTS);
  if (points <= 0) return null;
  return { kind: 'description', points, text: `Décrit : ${parts.map((p) => p.label).join(', ')}` };
}

function evidenceFor(reading: Reading, c: PropertyCandidate, fit: DescriptionFit, serials: Map<number, number>): Evidence[] {
  const address = addressEvidence(reading, c);
  const all: (Evidence | null)[] = [address, descriptionEvidence(fit, address), ...placeEvidence(reading, c)];
  for (const p of c.participants) {
    const sender = senderEvidence(reading, p);
    all.push(sender, buyingEvidence(reading, p, sender), contactEvidence(reading, p), nameEvidence(reading, p));
  }
  if (c.mandateNumber) {
    const serial = mandatePatterns(c.mandateNumber).serial;
    all.push(mandateEvidence(reading, c.mandateNumber, !!serial && serials.get(serial.value) === 1));
  }

  const strongest = new Map<EvidenceKind, Evidence>();
  for (const e of all) {
    if (e && e.points > (strongest.get(e.kind)?.points ?? 0)) strongest.set(e.kind, e);
  }
  return [...strongest.values()].sort((x, y) => y.points - x.points);
}

const SHORT_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' });

/**
 * Where this sender's latest message went (« même expéditeur que le message du 3 déc. rattaché par
 * Claire », or « rattaché automatiquement »), counted as a sender cue: the strongest sender cue of
 * a property counts, so being the buyer of another property makes it a tie, not a win. Another
 * property's mandate number or exact address overrules it.
 */
function addLearnedSender(input: MatchPropertyInput, evidence: Evidence[][]): void {
  const history = input.senderHistory;
  const index = history ? input.candidates.findIndex((c) => c.id === history.propertyId) : -1;
  // Not among the candidates: sold off the list or archived since, the decision no longer holds.
  if (!history || index < 0) return;
  const overruled = evidence.some((list, i) => i !== index && list.some((e) => e.clear && (e.kind === 'mandate' || e.kind === 'address')));
  const date = new Date(history.messageReceivedAt);
  const when = Number.isNaN(date.getTime()) ? '' : ` du ${SHORT_DATE.format(date)}`;
  const learned: Evidence = {
    kind: 'sender',
    points: overruled ? POINTS.learnedSenderOverruled : history.decidedBy ? POINTS.learnedSender : POINTS.learnedSenderFromAI,
    clear: !overruled,
    text: `Même expéditeur que le message${when} ${history.decidedBy ? `rattaché par ${history.decidedBy}` : 'rattaché automatiquement'}`,
  };
  const list = evidence[index]!;
  const sender = list.findIndex((e) => e.kind === 'sender');
  if (sender >= 0 && list[sender]!.points >= learned.points) return;
  if (sender >= 0) list.splice(sender, 1);
  list.push(learned);
  list.sort((x, y) => y.points - x.points);
}

interface Scored {
  candidate: PropertyCandidate;
  points: number;
  evidence: Evidence[];
}

const total = (evidence: Evidence[]): number => evidence.reduce((sum, e) => sum + e.points, 0);
const byPoints = (x: Scored, y: Scored): number => y.points - x.points;

/** Plausible properties too close to the best one for a decision. */
const rivalsOf = (scored: Scored[]): Scored[] => {
  const [top] = scored;
  return top ? scored.filter((s) => s !== top && s.points >= PLAUSIBLE_POINTS && top.points - s.points < DECISIVE_MARGIN) : [];
};

/**
 * Properties tied on the same cue (a notary on three sales, an owner selling two flats) are told
 * apart by what the message says that only one of THEM has: rarity among the tied properties, not
 * the agency (« la maison » among a house and a plot, « Muret » among a notary's three sales).
 * Worth a rare word at most: it breaks the tie, never makes the answer by itself.
 */
function breakTie(reading: Reading, agencyFits: Map<string, DescriptionFit>, scored: Scored[]): Scored[] {
  const [top] = scored;
  const rivals = rivalsOf(scored);
  if (!top || top.points < PLAUSIBLE_POINTS || rivals.length === 0) return scored;
  const tied = [top, ...rivals];
  const fits = describedFits(
    reading.describing,
    tied.map((t) => t.candidate),
    reading.senderName,
  );
  const apart = tied.map((t, i) => {
    // A word most of the agency's properties share (« Toulouse ») tells nothing, even if only one of the tied has it.
    const telling = new Set(agencyFits.get(t.candidate.id)?.parts.map((p) => p.key));
    const fit = fits[i]!;
    const keep = (key: string) => telling.has(key);
    const points = Math.min(fit.elsewhere ? ONE_WORD_POINTS / 2 : ONE_WORD_POINTS, fitScore(fit, keep) * DESCRIPTION_POINTS);
    return { fit: { ...fit, parts: fit.parts.filter((p) => keep(p.key)) }, points };
  });
  // Only a description that fits one of them alone breaks the tie.
  const alone = apart.filter((a) => a.points > 0);
  if (alone.length !== 1) return scored;
  const winner = tied[apart.indexOf(alone[0]!)]!;
  const cue: Evidence = {
    kind: 'apart',
    points: alone[0]!.points,
    text: `Seul des ${tied.length} biens en balance à correspondre à : ${alone[0]!.fit.parts.map((p) => p.label).join(', ')}`,
  };
  const evidence = [...winner.evidence, cue].sort((x, y) => y.points - x.points);
  return scored.map((s) => (s === winner ? { ...s, evidence, points: total(evidence) } : s)).sort(byPoints);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const quoted = (c: PropertyCandidate) => `« ${c.title} » (${c.address}, ${c.city})`;

export const matchProperty = (input: MatchPropertyInput): PropertyMatch => rank(input).match;

function rank(input: MatchPropertyInput): { match: PropertyMatch; scored: Scored[] } {
  if (input.candidates.length === 0) {
    const match = {
      propertyId: null,
      confidence: 0,
      ambiguous: false,
      candidates: [],
      reasoning: 'L’agence n’a aucun bien auquel rattacher ce message.',
    };
    return { match, scored: [] };
  }
  const reading = read(input);
  const fits = describedFits(reading.describing, input.candidates, reading.senderName);
  const serials = serialCounts(input.candidates);
  const evidence = input.candidates.map((candidate, i) => evidenceFor(reading, candidate, fits[i]!, serials));
  addLearnedSender(input, evidence);
  const scored = breakTie(
    reading,
    new Map(input.candidates.map((c, i) => [c.id, fits[i]!])),
    input.candidates
      .map((candidate, i) => ({ candidate, evidence: evidence[i]!, points: total(evidence[i]!) }))
      .filter((s) => s.points > 0)
      // Ties keep the caller's order, so the same input always gives the same answer.
      .sort(byPoints),
  );

  const listed: PropertyMatchCandidate[] = scored
    .filter((s) => s.points >= LISTED_POINTS)
    .slice(0, MAX_LISTED)
    .map((s) => ({ propertyId: s.candidate.id, confidence: confidenceOf(s.points), evidence: s.evidence.map((e) => e.text) }));
  const [top, second] = scored;

  if (!top || top.points < PLAUSIBLE_POINTS) {
    const hints = top ? ` Indices trop faibles : ${frenchList(top.evidence.map((e) => lowerFirst(e.text)))}.` : '';
    const match = {
      propertyId: null,
      confidence: top ? confidenceOf(top.points) : 0,
      ambiguous: false,
      candidates: listed,
      reasoning: `Aucun bien identifié : ni expéditeur connu, ni numéro de mandat, ni adresse précise dans le message.${hints}`,
    };
    return { match, scored };
  }

  const rivals = rivalsOf(scored);
  if (rivals.length > 0) {
    const tied = [top, ...rivals];
    const shown = listed.filter((l) => tied.some((t) => t.candidate.id === l.propertyId));
    const match = {
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
    return { match, scored };
  }

  // A weaker rival lowers the confidence: half its points count against the winner.
  const confidence = confidenceOf(top.points - (second ? second.points / 2 : 0));
  const verdict = confidence >= MESSAGE_PROPERTY_FLOOR ? 'Rattaché à' : 'Proposition à vérifier :';
  const match = {
    propertyId: top.candidate.id,
    confidence,
    ambiguous: false,
    candidates: listed,
    reasoning: `${verdict} ${quoted(top.candidate)}, confiance ${frenchPercent(confidence)}. Indices : ${frenchList(top.evidence.map((e) => lowerFirst(e.text)))}.`,
  };
  return { match, scored };
}

/** The rules' answer, and whether a clear cue settled it (no second opinion needed). */
export interface RuleMatch extends PropertyMatch {
  decisive: boolean;
}

/**
 * The deterministic matcher, for the mock provider and as the first stage of a model-backed one.
 * Decisive only for a clear cue (the sender's own address or phone, a mandate number, the exact
 * address, a learned sender) with no other plausible property: a description, a name or a
 * second property the sender takes part in leave the question open.
 */
export function matchByRules(input: MatchPropertyInput): RuleMatch {
  const { match, scored } = rank(input);
  const [top, second] = scored;
  const decisive =
    !!match.propertyId &&
    !match.ambiguous &&
    match.confidence >= CONFIDENT_ATTACHMENT &&
    !!top?.evidence.some((e) => e.clear) &&
    (!second || second.points < PLAUSIBLE_POINTS);
  return { ...match, decisive };
}
