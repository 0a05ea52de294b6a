import { TYPE_DOCUMENTS, type TypeDocument } from '@monimmo/contract/vocabulary';
import { TYPE_DOCUMENT_LABELS } from '../document-labels.ts';
import { extractText } from '../extract-text.ts';
import { fold, frenchNumber } from '../text.ts';
import type { ClassifyDocumentInput, DocumentClassification } from '../types.ts';
import { RULES, type Scope } from './document-rules.ts';

/** A phrase in the title (first line) or in an "Objet :" line names the document: it counts three times. */
const HEADING_BONUS = 2;
/** A score from which a type is named outright (one title phrase). */
const STRONG = 3;
/** Below this, what matched is incidental vocabulary. */
const WEAK = 2;
/** Content shorter than this (a stray page number, a scanner's footer) says nothing. */
const MIN_CONTENT_CHARS = 40;

const CONFIDENCE = {
  contentAgreedByName: 0.95,
  content: 0.88,
  contentAgainstName: 0.75,
  contentWeakAgreedByName: 0.85,
  contentWeak: 0.62,
  contentWeakAgainstName: 0.55,
  name: 0.72,
  nameWeak: 0.5,
  image: 0.7,
  photoByName: 0.8,
  /** Just above the floor: most images an agency uploads are photos of the property. */
  photoByDefault: 0.66,
  video: 0.8,
  /** Taken off when the runner-up scores nearly as much as the winner. */
  closeRunnerUp: 0.12,
} as const;

type Scores = Map<TypeDocument, number>;

const ORDER = new Map(TYPE_DOCUMENTS.map((t, i) => [t, i]));

function score(text: string, scope: Exclude<Scope, 'both'>, scores: Scores = new Map(), factor = 1): Scores {
  const folded = fold(text);
  for (const rule of RULES) {
    if ((rule.scope === 'both' || rule.scope === scope) && rule.pattern.test(folded)) {
      scores.set(rule.type, (scores.get(rule.type) ?? 0) + rule.weight * factor);
    }
  }
  return scores;
}

/** The whole text, plus a bonus for what its title and "Objet :" lines say. */
function contentScores(text: string): Scores {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const heading = [lines[0] ?? '', ...lines.slice(1).filter((l) => /^\s*(?:objet|concerne)\s*:/i.test(l))].join('\n');
  return score(heading, 'content', score(text, 'content'), HEADING_BONUS);
}

/** Best first; ties in TYPE_DOCUMENTS order, so the answer never depends on anything else. */
const ranked = (scores: Scores): [TypeDocument, number][] => [...scores].sort((a, b) => b[1] - a[1] || ORDER.get(a[0])! - ORDER.get(b[0])!);

/** "CNI_recto-verso.JPG", "TaxeFonciere2025.pdf" → words without the extension. */
function nameWords(fileName: string): string {
  const base = fileName.replace(/\.[a-z0-9]{1,5}$/i, '');
  return base
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\d)|(\d)(\p{L})/gu, (_m, l1, d1, d2, l2) => (l1 ? `${l1} ${d1}` : `${d2} ${l2}`));
}

const label = (type: TypeDocument) => `« ${TYPE_DOCUMENT_LABELS[type]} »`;

interface Decision {
  type: TypeDocument | null;
  confidence: number;
  reasoning: string;
}

function decide(content: [TypeDocument, number][] | null, name: [TypeDocument, number][], mimeType: string): Decision {
  const [nameTop, nameScore = 0] = name[0] ?? [];
  const nameStrong = nameTop !== undefined && nameScore >= STRONG;

  if (content) {
    const [top, topScore = 0] = content[0] ?? [];
    const runnerUp = content[1]?.[1] ?? 0;
    const close = top && runnerUp >= topScore * 0.75 ? CONFIDENCE.closeRunnerUp : 0;
    const closeNote = close ? ` Le contenu évoque aussi ${label(content[1]![0])}.` : '';
    if (top && topScore >= STRONG) {
      if (nameTop === top)
        return {
          type: top,
          confidence: CONFIDENCE.contentAgreedByName - close,
          reasoning: `Le contenu et le nom du fichier désignent un document de type ${label(top)}.${closeNote}`,
        };
      if (nameStrong) {
        return {
          type: top,
          confidence: CONFIDENCE.contentAgainstName - close,
          reasoning: `Le contenu désigne un document de type ${label(top)} ; le nom du fichier évoque plutôt ${label(nameTop)}, le contenu l'emporte.${closeNote}`,
        };
      }
      return {
        type: top,
        confidence: CONFIDENCE.content - close,
        reasoning: `Le contenu désigne un document de type ${label(top)}.${closeNote}`,
      };
    }
    if (top && topScore >= WEAK) {
      if (nameTop === top)
        return {
          type: top,
          confidence: CONFIDENCE.contentWeakAgreedByName - close,
          reasoning: `Le nom du fichier et quelques termes du contenu désignent un document de type ${label(top)}.${closeNote}`,
        };
      if (nameStrong) {
        return {
          type: top,
          confidence: CONFIDENCE.contentWeakAgainstName,
          reasoning: `Quelques termes du contenu évoquent ${label(top)}, mais le nom du fichier évoque ${label(nameTop)} : à vérifier.`,
        };
      }
      return {
        type: top,
        confidence: CONFIDENCE.contentWeak - close,
        reasoning: `Quelques termes du contenu évoquent ${label(top)}, sans titre explicite : à vérifier.${closeNote}`,
      };
    }
    if (nameTop) {
      return {
        type: nameTop,
        confidence: nameStrong ? CONFIDENCE.name : CONFIDENCE.nameWeak,
        reasoning: `Le contenu ne permet pas de reconnaître le document ; son nom évoque ${label(nameTop)}.`,
      };
    }
    return { type: null, confidence: 0, reasoning: 'Ni le contenu ni le nom du fichier ne permettent de reconnaître le type de document.' };
  }

  if (mimeType.startsWith('image/')) {
    if (nameTop && nameTop !== 'PHOTOS_HD' && nameScore >= WEAK) {
      return {
        type: nameTop,
        confidence: nameStrong ? CONFIDENCE.image : CONFIDENCE.nameWeak,
        reasoning: `Image classée d'après son nom, qui évoque ${label(nameTop)} (contenu non lu).`,
      };
    }
    if (nameTop === 'PHOTOS_HD' && nameScore >= WEAK)
      return { type: 'PHOTOS_HD', confidence: CONFIDENCE.photoByName, reasoning: `Image dont le nom désigne une photo du bien.` };
    return {
      type: 'PHOTOS_HD',
      confidence: CONFIDENCE.photoByDefault,
      reasoning: 'Image sans nom parlant : probablement une photo du bien (ce pourrait aussi être un document photographié).',
    };
  }
  if (mimeType.startsWith('video/')) {
    if (nameTop && nameTop !== 'VIDEO_VISITE' && nameStrong) {
      return { type: nameTop, confidence: CONFIDENCE.nameWeak, reasoning: `Vidéo dont le nom évoque ${label(nameTop)} : à vérifier.` };
    }
    return { type: 'VIDEO_VISITE', confidence: CONFIDENCE.video, reasoning: 'Fichier vidéo : vidéo de visite du bien.' };
  }
  if (nameTop) {
    return {
      type: nameTop,
      confidence: nameStrong ? CONFIDENCE.name : CONFIDENCE.nameWeak,
      reasoning: `Aucun texte lisible dans le fichier (scan ou format non lu) ; son nom évoque ${label(nameTop)}.`,
    };
  }
  return { type: null, confidence: 0, reasoning: 'Aucun texte lisible dans le fichier et un nom qui ne désigne aucun type de document.' };
}

export async function classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification> {
  const mimeType = input.mimeType.toLowerCase();
  const text =
    mimeType.startsWith('image/') || mimeType.startsWith('video/') ? null : await extractText({ mimeType, content: input.content });
  const content = text && text.length >= MIN_CONTENT_CHARS ? ranked(contentScores(text)) : null;
  const name = ranked(score(nameWords(input.fileName), 'name'));
  const decision = decide(content, name, mimeType);

  // Other types worth showing to the agent, from both sources, scaled below the decision.
  const combined: Scores = new Map();
  for (const [type, s] of content ?? []) combined.set(type, s);
  for (const [type, s] of name) combined.set(type, (combined.get(type) ?? 0) + s / 2);
  const ordered = ranked(combined);
  const best = ordered[0]?.[1] ?? 1;
  const candidates = decision.type ? [{ typeDocument: decision.type, confidence: round(decision.confidence) }] : [];
  for (const [type, s] of ordered) {
    if (candidates.length >= 3) break;
    if (type === decision.type) continue;
    candidates.push({ typeDocument: type, confidence: round(Math.min(decision.confidence || 0.5, 0.9) * (s / best) * 0.8) });
  }
  const confidence = round(decision.confidence);
  return {
    typeDocument: decision.type,
    confidence,
    candidates,
    reasoning: decision.type ? `${decision.reasoning} Confiance ${frenchNumber(confidence)}.` : decision.reasoning,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
