import type { TypeDocument } from '@monimmo/contract/vocabulary';
import { fold } from '../text.ts';

/**
 * Papers the vocabulary has no type for (works invoices, tax notices, permits, proxies, leases,
 * loan refusals, letters) name the documents they go with: « facture du DPE », « procuration pour
 * signer le compromis ». Their signs keep any type below the floor, unless the document's own
 * title names a type of the vocabulary (a land tax notice is an « avis d’impôt » too).
 */
const OUTSIDE: [what: string, pattern: RegExp][] = [
  ['une facture ou un devis', / (?:factures?|devis|net a payer) /],
  [
    'un avis d’impôt sur le revenu ou de taxe d’habitation',
    / (?:impots? sur (?:le|les) revenus?|revenu fiscal de reference|taxe d habitation|avis d imposition) /,
  ],
  ['une autorisation d’urbanisme', / (?:permis de construire|permis d amenager|declaration prealable|certificat d urbanisme) /],
  ['une procuration', / (?:procuration|(?:donne|donnons) pouvoir) /],
  ['un refus de prêt', / (?:refus de (?:pret|financement|credit)|ne (?:pouvons|pourrons) (?:pas )?donner une suite favorable) /],
  ['un bail', / (?:contrat de location|bail d habitation|bail commercial|quittance de loyer|etat des lieux) /],
  ['une attestation d’assurance', / (?:attestation d assurance|assurance (?:habitation|multirisque)|dommages ouvrage) /],
  ['une résiliation', / (?:resilier|resiliation|mettre fin (?:au|a mon|a notre) mandat) /],
];

/** A sign standing this close to the start of the text is what the document is. */
const OPENING = 60;

/** A letter or a note: a greeting that opens it, a closing formula anywhere. */
const GREETING = /^ (?:le \d{1,2} [a-z]+ (?:\d{4} )?)?(?:madame|monsieur|maitre|cher|chere|bonjour|pour [a-z]+) /;
/** Below a letterhead: « Étude de Maître X, notaires associés — Madame, Monsieur, ». */
const GREETING_NEAR = / (?:madame monsieur|(?:cher|chere) (?:madame|monsieur|maitre)|bonjour) /;
const GREETING_CHARS = 120;
const CLOSING = / (?:veuillez agreer|salutations|cordialement|bien a vous|merci) /;
/** The sentence that ends a letter (« Veuillez agréer… », « Bien cordialement. »), in the text as read. */
const SIGN_OFF =
  /(?:veuillez\s+agr[ée]er|salutations|cordialement|bien\s+à\s+vous|sentiments\s+(?:distingu[ée]s|d[ée]vou[ée]s|respectueux))[^.!\n]*[.!]?/iu;

/** Types that are letters themselves: being one does not make them doubtful. */
const LETTER_TYPES = new Set<TypeDocument>([
  'COURRIER_RETRACTATION',
  'OFFRE_ACHAT_SIGNEE',
  'ACCORD_PRINCIPE_BANCAIRE',
  'LEVEE_CONDITIONS_SUSPENSIVES',
  'ATTESTATION_CAPACITE_EMPRUNT',
  'ATTESTATION_NOTARIALE',
  'REPORTING_VENDEUR',
  'PREUVE_SEQUESTRE',
]);

/**
 * Why `type` may not be set without a person, or null: a sign of a paper outside the vocabulary
 * in the name or opening the text, or anywhere in it when no title names `type`; a letter or a
 * note that is not a letter type.
 */
export function outsideVocabulary(
  text: string,
  fileName: string,
  type: TypeDocument,
  titled: boolean,
  /** The paper itself follows the letter that sends it (see afterLetter): the letter is its cover. */
  forwarded = false,
): string | null {
  const body = fold(text);
  const name = fold(fileName);
  for (const [what, pattern] of OUTSIDE) {
    const at = body.search(pattern);
    if (name.search(pattern) >= 0 || (at >= 0 && (at < OPENING || !titled)))
      return `Le document se présente comme ${what}, un papier qu’aucun type ne couvre : à vérifier.`;
  }
  if (!forwarded && !LETTER_TYPES.has(type) && (isLetter(text) || CLOSING.test(body)))
    return 'C’est un courrier ou une note qui parle d’autres documents, sans en être un : à vérifier.';
  return null;
}

/**
 * A salutation stands alone (« Madame, », « Maître, », « Madame, Monsieur, »): « Maître François
 * Roux, notaire » atop a deed, « Monsieur Jean Petit » atop an address block name a person.
 */
const SALUTATION =
  /^\s*(?:le\s+\d{1,2}\s+\S+(?:\s+\d{4})?\s*,?\s*)?(?:(?:madame|monsieur|ma[iî]tre)(?:\s*(?:,|et)\s*(?:madame|monsieur))?\s*(?:[,:!\n]|$)|cher\b|ch[eè]re\b|bonjour\b|pour\s)/iu;

/** Whether a page opens as a letter or a note does: a greeting at the top. */
export function isLetter(page: string): boolean {
  const body = fold(page);
  return (GREETING.test(body) && SALUTATION.test(page)) || GREETING_NEAR.test(body.slice(0, GREETING_CHARS));
}

/**
 * What follows a letter's sign-off on its page (the signature, then whatever comes next), or null
 * when the page has no sign-off: a covering letter and the paper it sends, in one scan.
 */
export function afterLetter(page: string): string | null {
  const end = SIGN_OFF.exec(page);
  return end ? page.slice(end.index + end[0].length) : null;
}
