import { TYPE_DOCUMENTS } from '@monimmo/contract/vocabulary';
import { TYPE_DOCUMENT_LABELS } from '../document-labels.ts';
import { splitEmail, stripSubjectPrefixes } from '../email.ts';
import { frenchNumber } from '../text.ts';
import type {
  ClassifyDocumentInput,
  DetectVocalTypeInput,
  DocumentClassification,
  ExtractInsightsInput,
  MatchPropertyInput,
  PropertyCandidate,
  SenderHistory,
  VocalPropertyContext,
} from '../types.ts';
import { VOCAL_TYPE_LABELS } from '../vocal-labels.ts';
import type { Shortlist } from './shortlist.ts';

/** Enough for a long e-mail; beyond it, a message is a pasted document, and its start says what it is about. */
const MAX_MESSAGE_CHARS = 6_000;
/** The opening pages name a document; the rest only costs tokens. */
const MAX_DOCUMENT_CHARS = 8_000;

export const MATCH_SYSTEM_PROMPT = [
  'Tu es l’assistant d’une agence immobilière française. Tu rattaches un message (e-mail, WhatsApp) au bien immobilier dont il parle, parmi les biens de l’agence listés avec une référence (B1, B2…).',
  'Indices forts : l’expéditeur est un participant du bien (même e-mail ou même téléphone), le numéro de mandat cité, l’adresse exacte (numéro et rue, abréviations comprises : « bd » pour boulevard, « av. » pour avenue…).',
  'Indices moyens : le nom du vendeur, la rue sans le bon numéro. Indices faibles : le code postal, la ville seule.',
  'Un notaire ou un artisan intervient souvent sur plusieurs biens : son identité seule ne suffit pas à choisir.',
  'Une description (type, pièces, surface, quartier, équipements, prix) désigne un bien quand elle ne convient qu’à lui seul parmi ceux listés.',
  'Qu’un agent ait rattaché un précédent message du même expéditeur à un bien est un indice fort pour ce bien, sauf si le message cite le numéro de mandat ou l’adresse exacte d’un autre bien.',
  'Les biens listés sont une présélection faite par des règles, du plus au moins probable, avec les indices qu’elles ont relevés : vérifie-les dans le message. Si le message ne parle d’aucun d’eux, propertyRef = null.',
  'Si plusieurs biens restent plausibles sans indice pour les départager, réponds ambiguous = true, propertyRef = null, et liste-les dans candidates. Si aucun bien ne correspond, propertyRef = null avec une confiance faible. Ne devine jamais : un mauvais rattachement est pire qu’une vérification humaine.',
  'reasoning : une ou deux phrases en français pour un agent, qui désignent les biens par leur adresse, jamais par leur référence.',
].join('\n');

export const CLASSIFY_SYSTEM_PROMPT = [
  'Tu classes les documents d’une agence immobilière française dans l’un de ces types (code : description) :',
  ...TYPE_DOCUMENTS.map((type) => `${type} : ${TYPE_DOCUMENT_LABELS[type]}`),
  'Le contenu l’emporte sur le nom du fichier quand ils divergent. Sans texte (photo, scan), classe d’après le nom avec une confiance plus faible ; une photo sans autre indication est PHOTOS_HD.',
  'Des règles automatiques ont pu proposer des types avec leur raisonnement : ce sont des indices à vérifier dans le document, pas une réponse ; contredis-les quand le texte dit autre chose.',
  'Si rien ne permet de conclure, typeDocument = null. reasoning : une ou deux phrases en français pour un agent.',
].join('\n');

/** A property's free facts in a few words: "propertyType = maison, rooms = 5, features = piscine, garage". */
function detailsText(details: Record<string, unknown> | undefined): string | null {
  const said = Object.entries(details ?? {}).filter(
    ([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  if (said.length === 0) return null;
  return said
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const shortDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' });

/**
 * One line per property: "B3 | T3 lumineux | 14 rue Sainte, 13001 Marseille | mandat MV-2026-014 |
 * VENDEUR Jean Fabre <…> 06… | prix 289 000 € | détails : rooms = 3…", then what the rules found.
 */
function candidateLines(ref: string, c: PropertyCandidate, evidence: string[] | undefined): string[] {
  const people = c.participants
    .map((p) => [p.role, `${p.firstName} ${p.lastName}`.trim(), p.email, p.phone].filter(Boolean).join(' '))
    .join(' ; ');
  const details = detailsText(c.details);
  const line = [
    ref,
    c.title,
    `${c.address}, ${c.postalCode} ${c.city}`,
    c.mandateNumber ? `mandat ${c.mandateNumber}` : 'sans mandat',
    people || 'aucun participant',
    typeof c.price === 'number' ? `prix ${euros.format(c.price)}\u00a0€` : null,
    details ? `détails : ${details}` : null,
  ]
    .filter((part) => part !== null)
    .join(' | ');
  return evidence?.length ? [line, `  indices des règles : ${evidence.join(' ; ')}`] : [line];
}

/** The model sees the shortlist only, each property under a short reference (refs[i] for shortlist.candidates[i]). */
/** Where the sender's last message went, as the model reads it. */
function pastDecision(history: SenderHistory, ref: string): string {
  const received = shortDate.format(new Date(history.messageReceivedAt));
  return history.decidedBy
    ? `Décision passée : ${history.decidedBy} a rattaché à ${ref} le message de cet expéditeur reçu le ${received}.`
    : `Décision passée : le message de cet expéditeur reçu le ${received} a été rattaché à ${ref} automatiquement, sur un indice net.`;
}

export function matchUserPrompt(input: MatchPropertyInput, shortlist: Shortlist, refs: string[]): string {
  const sender = input.sender ?? {};
  const who = [sender.name && `nom ${sender.name}`, sender.email && `e-mail ${sender.email}`, sender.phone && `téléphone ${sender.phone}`]
    .filter(Boolean)
    .join(', ');
  // The quoted thread and the signature are left out: they name other properties and the sender's own office.
  const { newText } = splitEmail(input.text);
  const shown = shortlist.candidates.length;
  const history = input.senderHistory;
  const historyRef = history ? refs[shortlist.candidates.findIndex((c) => c.id === history.propertyId)] : undefined;
  return [
    shortlist.blind
      ? `Les règles n’ont relevé aucun indice : voici tous les biens de l’agence (${shown}).`
      : `Biens présélectionnés par les règles : ${shown} sur les ${input.candidates.length} de l’agence, du plus au moins probable.`,
    'Référence | titre | adresse | mandat | participants | prix | détails :',
    ...shortlist.candidates.flatMap((c, i) => candidateLines(refs[i]!, c, shortlist.evidence.get(c.id))),
    '',
    `Expéditeur : ${who || 'inconnu'}`,
    history && historyRef ? pastDecision(history, historyRef) : null,
    input.subject ? `Objet : ${stripSubjectPrefixes(input.subject)}` : null,
    'Nouveau texte du message (sans historique cité ni signature) :',
    '"""',
    newText.slice(0, MAX_MESSAGE_CHARS) || '(vide)',
    '"""',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

/** What the rules saw, for the model to confirm or correct: nothing when they saw nothing. */
function rulesHint(rules: DocumentClassification | undefined): string | null {
  if (!rules?.candidates.length) return null;
  const types = rules.candidates
    .map((c) => `${c.typeDocument} (${TYPE_DOCUMENT_LABELS[c.typeDocument]}) ${frenchNumber(c.confidence)}`)
    .join(', ');
  return `Les règles proposent : ${types} ; leur raisonnement : « ${rules.reasoning} » ; à confirmer ou corriger d’après le document, sans les recopier.`;
}

export function classifyUserPrompt(input: ClassifyDocumentInput, text: string | null, rules?: DocumentClassification): string {
  return [
    `Nom du fichier : ${input.fileName}`,
    `Type MIME : ${input.mimeType}`,
    rulesHint(rules),
    text
      ? `Texte extrait du document (début) :\n"""\n${text.slice(0, MAX_DOCUMENT_CHARS)}\n"""`
      : 'Aucun texte lisible dans le fichier (image, scan ou format non lu) : classe-le d’après son nom et son type MIME.',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

/** About twenty minutes of speech; a longer note is cut, its start says what it is. */
const MAX_TRANSCRIPT_CHARS = 20_000;

const VOCAL_TYPES_DESCRIPTION = [
  'VISITE_INITIALE : premier rendez-vous avec un propriétaire pour découvrir, estimer et mettre en vente son bien (description du bien, estimation, mandat à signer), sans acquéreur.',
  'VISITE_SUIVI : nouveau passage chez un vendeur dont le bien est déjà en vente (ce qui a changé depuis la dernière visite, travaux avancés ou terminés, baisse de prix, annonce à mettre à jour, nouvelles du vendeur).',
  'COMPTE_RENDU_VISITE_CLIENT : compte rendu de la visite d’un bien avec des acquéreurs (leurs réactions, ce qui leur a plu, leurs objections, leur budget, une offre, une contre-visite).',
];

export const VOCAL_TYPE_SYSTEM_PROMPT = [
  'Tu es l’assistant d’une agence immobilière française. Tu reçois la transcription d’un mémo vocal dicté par un agent et tu dis de quel type il est :',
  ...VOCAL_TYPES_DESCRIPTION,
  'Le bien rattaché, s’il est indiqué, n’est qu’un contexte : un bien déjà décrit rend une visite initiale moins probable, sans l’exclure ni suffire à décider.',
  'Si rien ne permet de conclure, vocalType = null avec une confiance faible ; si la transcription mêle plusieurs types sans dominante, donne une confiance faible et liste-les dans candidates.',
  'reasoning : une ou deux phrases en français pour un agent, qui citent les indices entendus.',
].join('\n');

export const INITIAL_VISIT_SYSTEM_PROMPT = [
  'Tu relèves les caractéristiques d’un bien immobilier dictées par un agent lors d’une première visite chez le propriétaire.',
  'N’invente rien : un champ qui n’est pas dit vaut null. Les nombres dits en lettres s’écrivent en chiffres (« trois cent vingt mille euros » → 320000).',
  'price : le prix de mise en vente souhaité ou estimé, jamais le budget d’un acquéreur, une offre ni les frais de notaire.',
  'surface : la surface habitable du bien ; landSurface : celle du terrain ou du jardin ; la surface d’une seule pièce ne compte pas.',
  'rooms : le nombre de pièces (« T3 », « F3 », « trois pièces » → 3 ; un studio → 1). floor : 0 pour le rez-de-chaussée ; pas d’étage pour une maison.',
  'address : le numéro et la voie seulement (« 12 rue des Lices ») ; postalCode et city à part. yearBuilt : seulement si une année précise est dite (« des années 70 » ne suffit pas).',
  'evidence : pour chaque champ rempli, les mots exacts de la transcription dont il vient. reasoning : une phrase en français pour un agent.',
].join('\n');

export const INSIGHTS_SYSTEM_PROMPT = [
  'Tu lis la transcription d’un mémo vocal dicté par un agent immobilier français et tu en tires ce qu’un collègue doit savoir sans l’écouter.',
  'summary : deux à quatre phrases en français.',
  'Pour un compte rendu de visite client : highlights (ce qui a plu), objections, budget (nombre en euros), interestLevel (HIGH si offre, contre-visite ou coup de cœur ; LOW s’ils ne sont pas convaincus ; MEDIUM sinon), people (personnes nommées), nextSteps.',
  'Pour une visite de suivi : changes (ce qui a changé depuis la dernière visite), newPrice (nouveau prix de vente en euros), worksNeeded, nextSteps.',
  'Pour une visite initiale : highlights (points forts du bien), worksNeeded (travaux à prévoir), nextSteps.',
  'Chaque élément de liste est un fragment en français, tel qu’il a été dit ou résumé en quelques mots. Ce qui n’est pas dit reste vide ou null : n’invente rien.',
  'reasoning : une phrase en français pour un agent.',
].join('\n');

/** The property a voice note is tied to, in a few lines, or "aucun". */
function propertyLines(property: VocalPropertyContext | null): string[] {
  if (!property) return ['Bien rattaché : aucun'];
  const details = Object.entries(property.details).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return [
    `Bien rattaché : ${property.title} | ${property.address}, ${property.postalCode} ${property.city} | ${property.price !== null ? `prix ${property.price} €` : 'prix non renseigné'}`,
    `Détails déjà renseignés : ${details.length ? details.map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ') : 'aucun'}`,
  ];
}

const transcriptBlock = (transcript: string) => ['Transcription :', '"""', transcript.slice(0, MAX_TRANSCRIPT_CHARS), '"""'];

export function vocalTypeUserPrompt(input: DetectVocalTypeInput): string {
  return [...propertyLines(input.property), '', ...transcriptBlock(input.transcript)].join('\n');
}

export function initialVisitUserPrompt(transcript: string): string {
  return transcriptBlock(transcript).join('\n');
}

export function insightsUserPrompt(input: ExtractInsightsInput): string {
  return [
    `Type du vocal : ${input.vocalType} (${VOCAL_TYPE_LABELS[input.vocalType]})`,
    ...propertyLines(input.property),
    '',
    ...transcriptBlock(input.transcript),
  ].join('\n');
}
