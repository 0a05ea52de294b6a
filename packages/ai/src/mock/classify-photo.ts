import { type ImageMetadata, readImageMetadata } from '../image-metadata.ts';
import { fold } from '../text.ts';
import { type Decision, label, ranked, STRONG, WEAK } from './document-verdict.ts';
import { merge, type Scores, scoreWords } from './document-evidence.ts';

/**
 * Photos: their pixels are not read, only their name and their own metadata (a scanner app's
 * caption, the camera, the frame). Agencies upload both photos of the property (PHOTOS_HD) and
 * phone shots of papers; a photo is typed only when its name or caption says what it shows.
 */
const CONFIDENCE = {
  documentNamed: 0.72,
  documentNamedTwice: 0.8,
  documentHinted: 0.5,
  /** A phone's portrait shot whose name points to one paper and nothing else: a paper photographed. */
  documentHintedPortrait: 0.68,
  propertyNamed: 0.8,
  propertyNamedTwice: 0.86,
  /** Below the floor: a landscape frame from a camera is most likely the property, but who knows. */
  landscapeCamera: 0.55,
  unknown: 0.4,
} as const;

function described(meta: ImageMetadata | null): string {
  if (!meta) return 'sans métadonnées';
  const parts = [
    meta.make || meta.model ? `appareil ${[meta.make, meta.model].filter(Boolean).join(' ')}` : null,
    meta.width && meta.height ? `${meta.width} × ${meta.height} px` : null,
    meta.description ? `légende « ${meta.description} »` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'sans métadonnées utiles';
}

/** Rooms and fittings an agent photographs: a paper's word beside one (« compteur gaz ») is no paper. */
const SHOWN =
  / (?:facade|salon|sejour|cuisine|chambres?|salle de bains?|jardin|terrasse|piscine|balcon|garage|compteurs?|chaudiere|ballon|cumulus|radiateurs?|tableau electrique|toiture|combles|cave|grenier|fissures?) /;

export async function classifyPhoto(content: Buffer, name: Scores, fileName = ''): Promise<Decision> {
  const meta = await readImageMetadata(content);
  const caption = meta?.description ? scoreWords(meta.description, ['name', 'content']) : new Map();
  const both = merge(name, caption);
  const intro = `Photo sans texte lisible (${described(meta)}) : classée d’après son nom et ses métadonnées.`;
  const document = ranked(both).find(([type]) => type !== 'PHOTOS_HD');
  const property = both.get('PHOTOS_HD')?.score ?? 0;
  const twice = (type: string) => name.has(type as never) && caption.has(type as never);

  // « compteur gaz », « plan de travail cuisine »: a room or a fitting named with a paper's word.
  const mixed = SHOWN.test(fold(`${fileName} ${meta?.description ?? ''}`));
  if (document && document[1].score >= STRONG && document[1].score > property && !mixed) {
    const [type] = document;
    return {
      type,
      confidence: twice(type) ? CONFIDENCE.documentNamedTwice : CONFIDENCE.documentNamed,
      reasoning: `${intro} ${caption.has(type) ? 'Sa légende' : 'Son nom'} désigne un document photographié de type ${label(type)}.`,
    };
  }
  const landscape = meta?.width && meta.height ? meta.width > meta.height : false;
  const portrait = meta?.width && meta.height ? meta.height > meta.width : false;
  const camera = Boolean(meta?.make || meta?.model);
  // A camera's landscape frame of a room named (« séjour — reportage photo annonce ») is the
  // property, whatever paper it is taken for, when the room says more than the paper.
  const roomShot = mixed && landscape && camera && (!document || document[1].score < property);
  if (property >= WEAK && (!document || document[1].score < WEAK || roomShot)) {
    return {
      type: 'PHOTOS_HD',
      confidence: twice('PHOTOS_HD') ? CONFIDENCE.propertyNamedTwice : CONFIDENCE.propertyNamed,
      reasoning: `${intro} ${caption.has('PHOTOS_HD') ? 'Sa légende' : 'Son nom'} décrit une pièce ou une vue du bien : photo du bien.`,
    };
  }
  // Papers are shot upright by a phone; a name with a sign of one paper only, nothing shown
  // beside it, is that paper (« DPE maison.jpg »), as a person names what they photograph.
  const rivals = ranked(both).filter(([type, e]) => type !== document?.[0] && e.score >= WEAK).length;
  if (document && document[1].score >= WEAK && !mixed && portrait && camera && rivals === 0) {
    return {
      type: document[0],
      confidence: CONFIDENCE.documentHintedPortrait,
      reasoning: `${intro} Cadrage portrait d’un téléphone et un nom qui évoque ${label(document[0])} seul : un document photographié.`,
    };
  }
  if (document && document[1].score >= WEAK) {
    return {
      type: document[0],
      confidence: CONFIDENCE.documentHinted,
      reasoning: mixed
        ? `${intro} Son nom évoque ${label(document[0])} mais aussi une pièce ou un équipement du bien : à vérifier.`
        : `${intro} Son nom évoque ${label(document[0])}, sans certitude : à vérifier.`,
    };
  }
  return landscape && camera
    ? {
        type: 'PHOTOS_HD',
        confidence: CONFIDENCE.landscapeCamera,
        reasoning: `${intro} Ni le nom ni la légende ne disent ce qu’elle montre ; cadrage paysage d’un appareil photo : sans doute une photo du bien, à vérifier.`,
      }
    : {
        type: 'PHOTOS_HD',
        confidence: CONFIDENCE.unknown,
        reasoning: `${intro} Ni le nom ni la légende ne disent ce qu’elle montre : photo du bien ou document photographié, à vérifier.`,
      };
}
