import { TYPE_DOCUMENTS } from '@monimmo/contract';
import { TYPE_DOCUMENT_LABELS } from '../document-labels.ts';
import { splitEmail, stripSubjectPrefixes } from '../email.ts';
import type { ClassifyDocumentInput, MatchPropertyInput, PropertyCandidate } from '../types.ts';

/** Enough for a long e-mail; beyond it, a message is a pasted document, and its start says what it is about. */
const MAX_MESSAGE_CHARS = 6_000;
/** The opening pages name a document; the rest only costs tokens. */
const MAX_DOCUMENT_CHARS = 8_000;

export const MATCH_SYSTEM_PROMPT = [
  "Tu es l'assistant d'une agence immobilière française. Tu rattaches un message (e-mail, WhatsApp) au bien immobilier dont il parle, parmi les biens de l'agence listés avec une référence (B1, B2…).",
  "Indices forts : l'expéditeur est un participant du bien (même e-mail ou même téléphone), le numéro de mandat cité, l'adresse exacte (numéro et rue, abréviations comprises : « bd » pour boulevard, « av. » pour avenue…).",
  'Indices moyens : le nom du vendeur, la rue sans le bon numéro. Indices faibles : le code postal, la ville seule.',
  "Un notaire ou un artisan intervient souvent sur plusieurs biens : son identité seule ne suffit pas à choisir.",
  'Si plusieurs biens restent plausibles sans indice pour les départager, réponds ambiguous = true, propertyRef = null, et liste-les dans candidates. Si aucun bien ne correspond, propertyRef = null avec une confiance faible. Ne devine jamais : un mauvais rattachement est pire qu’une vérification humaine.',
  "reasoning : une ou deux phrases en français pour un agent, qui désignent les biens par leur adresse, jamais par leur référence.",
].join('\n');

export const CLASSIFY_SYSTEM_PROMPT = [
  "Tu classes les documents d'une agence immobilière française dans l'un de ces types (code : description) :",
  ...TYPE_DOCUMENTS.map((type) => `${type} : ${TYPE_DOCUMENT_LABELS[type]}`),
  "Le contenu l'emporte sur le nom du fichier quand ils divergent. Sans texte (photo, scan), classe d'après le nom avec une confiance plus faible ; une photo sans autre indication est PHOTOS_HD.",
  'Si rien ne permet de conclure, typeDocument = null. reasoning : une ou deux phrases en français pour un agent.',
].join('\n');

/** One line per property: "B3 | T3 lumineux | 14 rue Sainte, 13001 Marseille | mandat MV-2026-014 | VENDEUR Jean Fabre <…> 06…". */
function candidateLine(ref: string, c: PropertyCandidate): string {
  const people = c.participants
    .map((p) => [p.role, `${p.firstName} ${p.lastName}`.trim(), p.email, p.phone].filter(Boolean).join(' '))
    .join(' ; ');
  return [ref, c.title, `${c.address}, ${c.postalCode} ${c.city}`, c.mandateNumber ? `mandat ${c.mandateNumber}` : 'sans mandat', people || 'aucun participant'].join(' | ');
}

export function matchUserPrompt(input: MatchPropertyInput, refs: string[]): string {
  const sender = input.sender ?? {};
  const who = [sender.name && `nom ${sender.name}`, sender.email && `e-mail ${sender.email}`, sender.phone && `téléphone ${sender.phone}`].filter(Boolean).join(', ');
  // The quoted thread and the signature are left out: they name other properties and the sender's own office.
  const { newText } = splitEmail(input.text);
  return [
    "Biens de l'agence (référence | titre | adresse | mandat | participants) :",
    ...input.candidates.map((c, i) => candidateLine(refs[i]!, c)),
    '',
    `Expéditeur : ${who || 'inconnu'}`,
    input.subject ? `Objet : ${stripSubjectPrefixes(input.subject)}` : null,
    'Nouveau texte du message (sans historique cité ni signature) :',
    '"""',
    newText.slice(0, MAX_MESSAGE_CHARS) || '(vide)',
    '"""',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

export function classifyUserPrompt(input: ClassifyDocumentInput, text: string | null): string {
  return [
    `Nom du fichier : ${input.fileName}`,
    `Type MIME : ${input.mimeType}`,
    text
      ? `Texte extrait du document (début) :\n"""\n${text.slice(0, MAX_DOCUMENT_CHARS)}\n"""`
      : 'Aucun texte lisible dans le fichier (image, scan ou format non lu) : classe-le d’après son nom et son type MIME.',
  ].join('\n');
}
