import { DETECTABLE_VOCAL_TYPES, type DetectableVocalType } from '@monimmo/contract/vocabulary';
import { fold, frenchList, frenchPercent } from '../text.ts';
import { capitalise } from './spoken.ts';
import type { DetectVocalTypeInput, VocalPropertyContext, VocalTypeDetection } from '../types.ts';
import { VOCAL_TYPE_LABELS } from '../vocal-labels.ts';

interface Cue {
  type: DetectableVocalType;
  pattern: RegExp;
  weight: number;
  /** How the reasoning cites it. */
  label: string;
}

/**
 * What an agent says in each kind of voice note, on folded text (see `fold`), without the type
 * being named: a first visit describes a place to list and its owner's project; a follow-up
 * talks about a sale under way (offers answered, compromis, notary, mandate, price, diagnostics);
 * a buyer visit report gives buyers' reactions. Weights: 3 names the situation ("premier
 * rendez-vous", "contre-visite", "acte authentique"), 2 to 2.5 is a strong sign, 1 to 1.5
 * supports. Each cue counts once, however often it is said.
 */
const CUE_SPECS: [DetectableVocalType, string, number, string][] = [
  ['VISITE_INITIALE', 'premier rendez vous|premiere rencontre', 3, 'premier rendez-vous'],
  ['VISITE_INITIALE', 'premiere visite|premiere fois que (?:je vois|je visite|je passe)', 1.5, 'première visite'],
  [
    'VISITE_INITIALE',
    'estimation(?! (?:d |faite par |par )?(?:une autre agence|un confrere|l autre agence)| actualisee)|estimer|estime|avis de valeur',
    2.5,
    'estimation',
  ],
  [
    'VISITE_INITIALE',
    'mettre (?:\\w+ )?en vente|(?<!depuis (?:la |sa )?)mise en vente|mettre (?:\\w+ ){0,2}sur le marche',
    3,
    'mise en vente',
  ],
  [
    'VISITE_INITIALE',
    '(?:souhaite|souhaitent|veut|veulent|voudrait|voudraient|aimerait|aimeraient|envisage|envisagent|decide|decident|doit|doivent|faut) (?:de )?(?:le |la |les |l )?vendre|(?:le|la|les) vendent? (?:parce|car|pour)',
    2.5,
    'projet de vente',
  ],
  ['VISITE_INITIALE', 'mandat', 1, 'mandat'],
  [
    'VISITE_INITIALE',
    '(?:signer|signe|signera|signature|envoyer|preparer|rentrer|prise) (?:\\w+ ){0,2}mandat|mandat de vente|mandat exclusif',
    2,
    'mandat de vente à signer',
  ],
  [
    'VISITE_INITIALE',
    '(?:bien|maison|appartement|affaire) a rentrer|nouveau (?:bien|mandat)|nouvelle affaire',
    2.5,
    'nouveau bien à rentrer',
  ],
  [
    'VISITE_INITIALE',
    '(?:visite|rendez vous|je viens de|je sors de) chez (?:madame|monsieur|mme|m|mr|mademoiselle|les|la famille)',
    1.5,
    'rendez-vous chez le propriétaire',
  ],
  [
    'VISITE_INITIALE',
    '(?<!(?:repasse|retour|passe|retourne|passage|visite|rendez vous|viens de|sors de) )chez (?:madame|monsieur|mme|m|mr|mademoiselle|les|la famille)',
    1,
    'chez le propriétaire',
  ],
  ['VISITE_INITIALE', 'proprietaires?', 1, 'propriétaire'],
  ['VISITE_INITIALE', 'decouverte du bien|visite de decouverte', 2, 'découverte du bien'],
  ['VISITE_INITIALE', 'redige\\w* (?:\\w+ ){0,2}annonce|photographe', 2, 'annonce à rédiger'],
  ['VISITE_INITIALE', 'travaux (?:\\w+ ){0,4}a prevoir', 1, 'travaux à prévoir'],
  [
    'VISITE_INITIALE',
    'prix souhaite|prix demande|prix de depart|\\d+ (?:euros )?demandes|(?:on a |avons )?fixe (?:\\w+ ){0,2}prix|en demandent?|en veulent?|en voudrai\\w*|ventes du quartier|(?:il|elle|ils|elles|on|monsieur|madame|proprietaires?|vendeurs?|vendeuse) (?:en )?(?:demande|demandent|veut|veulent|vise|visent|voudrai\\w*) \\d+',
    1.5,
    'prix de départ',
  ],

  ['COMPTE_RENDU_VISITE_CLIENT', 'compte rendu (?:de |d )?(?:la |ma |notre )?visite', 1.5, 'compte rendu de visite'],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'visite (?:\\w+ ){0,5}avec (?:monsieur|madame|mme|m|mr|mes|les|des|un|une|le couple|la famille|mon client|ma cliente|nos clients)|fait visiter|(?:montre|presente|fait decouvrir) (?:l appartement|la maison|le bien|le studio|la villa|le loft)',
    2.5,
    'visite avec des clients',
  ],
  ['COMPTE_RENDU_VISITE_CLIENT', 'acquereurs?|acheteurs?|acquereuses?', 1, 'acquéreurs'],
  ['COMPTE_RENDU_VISITE_CLIENT', 'clients?|clientes?|visiteurs?|investisseurs?', 1, 'clients'],
  ['COMPTE_RENDU_VISITE_CLIENT', 'couple|jeunes parents|famille avec', 1, 'couple'],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'ont (?:\\w+ )?(?:aime|apprecie|adore)|(?:leur|lui) a (?:\\w+ )?plu|(?:leur|lui) plai(?:t|sent)|ont ete (?:\\w+ )?(?:seduits?|charmes?|emballes?|conquis)|n (?:a|ont) pas (?:aime|apprecie)|(?:ils|elles|il|elle) (?:aiment|adorent|apprecient|aime|adore|apprecie)(?! (?:son|sa|ses|leur|leurs) )|a tout aime',
    2.5,
    'ont aimé',
  ],
  // Supporting only: an owner finds things too (« elle trouve qu’on ne fait pas assez de visites »).
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    '(?:ils|elles|il|elle) (?:trouvent|trouve|trouvait|trouvaient|ont trouve|a trouve)|jugee?s? trop|trouv\\w* (?:\\w+ ){0,3}trop (?!bas)',
    1.5,
    'ils trouvent',
  ],
  ['COMPTE_RENDU_VISITE_CLIENT', 'coup de coeur', 2.5, 'coup de cœur'],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'pas convaincus?|peu convaincus?|pas (?:tres )?(?:interesses?|emballes?)|decus?|(?<!vendeurs )hesitent|hesite (?:avec|entre)|hesitants?|(?:vont|veulent|doivent) reflechir',
    2,
    'hésitations',
  ],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'pas d interet|aucun interet|interet reel|pour (?:eux|lui|elle) c est non|ne donner\\w* pas suite|sont (?:\\w+ ){0,2}interesses?|se positionner|serai(?:en)?t preneurs?|preneurs? a',
    2,
    'intérêt des acquéreurs',
  ],
  ['COMPTE_RENDU_VISITE_CLIENT', 'budget', 1.5, 'budget'],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    '(?:faire|font|feront|ferait|feraient|deposer|va faire|vont faire) (?:\\w+ )?offre|offre d achat|proposition d achat',
    3,
    'offre',
  ],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'contre visite|seconde visite avec|revenir (?:\\w+ )?(?:visiter|voir|avec)|reviennent(?! sur)|reviendront|veulent revenir',
    3,
    'contre-visite',
  ],
  [
    'COMPTE_RENDU_VISITE_CLIENT',
    'financement|pret immobilier|courtier|accord de principe|apport|primo accedants?|banquier',
    1.5,
    'financement',
  ],
  ['COMPTE_RENDU_VISITE_CLIENT', 'bons? de visite|portes ouvertes', 2, 'bon de visite'],
  ['COMPTE_RENDU_VISITE_CLIENT', 'rentabilite|bemol|cherchent|recherches', 1, 'attentes des acquéreurs'],

  ['VISITE_SUIVI', '(?:deuxieme|second|nouveau|troisieme) passage|repasse|repasser|passe voir|passage chez', 3, 'nouveau passage'],
  [
    'VISITE_SUIVI',
    'depuis (?:la|ma|notre|mon|le|leur) (?:derniere |precedente |dernier |precedent )?(?:visite|passage|venue|rendez vous)',
    3,
    'depuis la dernière visite',
  ],
  [
    'VISITE_SUIVI',
    'visite de suivi|point de suivi|suivi du (?:bien|mandat|dossier)|point d etape|faire (?:le|un) point|(?:petit|rapide|un) point(?: rapide)? sur|point rapide|point sur le dossier|nouvelles du dossier|point avec',
    3,
    'visite de suivi',
  ],
  [
    'VISITE_SUIVI',
    '(?:de )?retour chez|retourne chez|revu (?:madame|monsieur|les vendeurs|le vendeur|la proprietaire|le proprietaire)',
    2,
    'retour chez le vendeur',
  ],
  [
    'VISITE_SUIVI',
    '(?:sont|est|ont ete|a ete) (?:(?!pas )\\w+ )?(?:termine|fini|acheve|refait|repeint|remplace|installe|renove|ravale|fait)e?s?|ont (?:\\w+ )?(?:repeint|refait|remplace|renove|ravale|installe|elague|change)|travaux (?:\\w+ ){0,3}(?:avancent|ont avance|sont en cours)',
    1.5,
    'travaux réalisés',
  ],
  [
    'VISITE_SUIVI',
    '(?:baisser|baisse|revoir|revu|diminuer|ramener|descendre|remonter|passer|ajuster|repositionner) (?:\\w+ ){0,3}prix|nouveau prix|estimation actualisee|nouvelle estimation|reestim\\w*|prix (?:\\w+ ){0,2}(?:revu|baisse|ajuste|passe)|(?:baiss|descend|ramen|remont)\\w* a \\d+|baiss\\w* de \\d+|passer a \\d+',
    2.5,
    'baisse de prix',
  ],
  [
    'VISITE_SUIVI',
    '(?:mettre a jour|actualiser|mise a jour de|modifier|corrige|corriger|retire|retirer|retirons) (?:\\w+ ){0,2}annonce|nouvelles photos',
    2,
    'mise à jour de l’annonce',
  ],
  [
    'VISITE_SUIVI',
    '(?:le|la|les) vendeu(?:r|rs|se|ses) (?:accepte|acceptent|a|ont|souhaite|souhaitent|est|sont|m a|nous a|hesite|hesitent|refuse|refusent|maintien\\w*|attend\\w*|s inquiet\\w*|trouvent)|venderesse|nouvelles? (?:du|des) vendeu|relanc\\w* (?:\\w+ ){0,2}(?:vendeu\\w*|proprietaires?)',
    1.5,
    'nouvelles du vendeur',
  ],
  [
    'VISITE_SUIVI',
    '(?:le|la|les) proprietaires? (?:(?:m |nous )?(?:ont|a) )?(?:decide\\w*|accept\\w*|refus\\w*|hesit\\w*|reflechi\\w*|valid\\w*|maintien\\w*|sont d accord|est d accord|d accord)',
    2,
    'décision des propriétaires',
  ],
  ['VISITE_SUIVI', 'pour rappel', 2, 'rappel du bien déjà connu'],
  [
    'VISITE_SUIVI',
    'remettre (?:\\w+ ){0,3}en (?:ligne|vente)|remet\\w* (?:\\w+ ){0,3}en ligne|remis\\w* (?:\\w+ ){0,2}en vente',
    2,
    'remise en vente',
  ],
  ['VISITE_SUIVI', 'relancer (?:\\w+ ){0,2}(?:acquereurs|prospects|contacts|visiteurs)', 2, 'relance des acquéreurs'],
  ['VISITE_SUIVI', 'relance|relances|relance faite|j ai relance|on a relance', 1, 'relance'],
  [
    'VISITE_SUIVI',
    'retours? (?:des|de) visites?|peu de visites|pas de visites?|aucune visite|nombre de visites|visites (?:ont )?(?:bien )?repris|visites regulieres|(?:avons|a|ont) (?:fait|eu) (?:\\w+ )?visites|une seule visite|retours? (?:\\w+ ){0,4}sur les visites|visites prevues|(?:une seule|\\w+) visites? en (?:un|une|deux|trois|quatre|six|\\d+) (?:mois|semaines?)|suspend\\w* (?:\\w+ ){0,2}visites|\\w+ visites (?:cette semaine|ce mois|ce week end|depuis)',
    2,
    'retours des visites',
  ],
  [
    'VISITE_SUIVI',
    'toujours en vente|en ligne depuis|sur le marche depuis|en vente depuis|toujours pas d offre|toujours aucune offre|aucune offre|prix affiche|(?:ca|rien) ne bouge|ne (?:part|se vend) pas|depuis (?:la|sa) mise en (?:vente|ligne)|pas d offre (?:pour l instant|pour le moment|a ce jour|depuis)',
    2,
    'bien en vente depuis un moment',
  ],
  [
    'VISITE_SUIVI',
    'accept(?:e|ent|ee|ees|er) (?:\\w+ ){0,2}offre|refus(?:e|ent|ee|ees|er) (?:\\w+ ){0,2}offre|contre propos\\w*|lettre d acceptation|(?:deuxieme|seconde|nouvelle|autre) offre|offres? (?:\\w+ ){0,3}(?:trop basse|acceptee|refusee|recues?)|recu (?:\\w+ ){0,2}offres?|transmis (?:\\w+ ){0,2}offre|(?:deux|trois|plusieurs) offres',
    3,
    'réponse à une offre',
  ],
  ['VISITE_SUIVI', 'compromis|promesse de vente|(?:acquereurs|acheteurs) ont signe', 2.5, 'compromis'],
  [
    'VISITE_SUIVI',
    'acte authentique|acte de vente|l acte (?:est |sera )?(?:prevu|fixe|cale|signe)|signature (?:\\w+ ){0,2}(?:chez le notaire|de l acte|definitive)|(?<!frais de )notaires?|chez maitre',
    2.5,
    'notaire',
  ],
  [
    'VISITE_SUIVI',
    'conditions? suspensives?|refus de pret|(?:la|cette) vente (?:tombe|est annulee|ne se fait pas)|delai de retractation|condition de pret|accord de pret|offre de pret|retour de (?:la|leur) banque|accord (?:de|du) (?:la |leur )?banque|financement (?:est |a ete )?(?:boucle|valide|obtenu|accorde)|pret (?:est |a ete )?(?:accorde|obtenu|valide)',
    2.5,
    'conditions de la vente',
  ],
  [
    'VISITE_SUIVI',
    'diagnostics|diagnostiqueur|certificat de mesurage|etat date|pv (?:de |d )(?:la )?(?:derniere )?ag|proces verbal',
    1.5,
    'diagnostics et pièces du dossier',
  ],
  [
    'VISITE_SUIVI',
    '(?:renouvel|prolong)\\w* (?:\\w+ ){0,2}mandat|mandat (?:\\w+ ){0,3}(?:arrive a echeance|expire|se termine)|passer en exclusivite|resili\\w* (?:\\w+ ){0,2}mandat|clause d exclusivite|mois de mandat|garder le mandat|avenant',
    2.5,
    'vie du mandat',
  ],
  [
    'VISITE_SUIVI',
    'suspendre la vente|suspend\\w* (?:\\w+ ){0,2}vente|retirer (?:\\w+ ){0,2}de la vente|mettre (?:\\w+ )?en pause',
    2.5,
    'vente suspendue',
  ],
  [
    'VISITE_SUIVI',
    'remis\\w* (?:\\w+ ){0,2}cles|remettant les cles|remise des cles|clotur\\w* (?:\\w+ ){0,2}dossier|date de liberation|liberation des lieux',
    2,
    'fin de la vente',
  ],
];

const CUES: Cue[] = CUE_SPECS.map(([type, pattern, weight, label]) => ({ type, pattern: new RegExp(` (?:${pattern}) `), weight, label }));

/**
 * The property described in detail (pièces, surface, DPE, postal code…): a description says
 * "first visit", more with each kind of fact; a follow-up or a buyer report names one or two.
 */
const DESCRIPTION =
  /(?<= )(?:pieces?|m2|m²|metres carres|chambres?|etage|rez de chaussee|dpe|ges|ascenseur|terrain|construite? en|construction|salles? de bains?|salles? d eau|exposition|chauffage|[tf][1-9]|\d{5})(?= )/g;
const DESCRIPTION_WEIGHT = 0.5;
const DESCRIPTION_MAX = 3;

/**
 * The tied property already listed: past PROSPECTION on the board, or (status unknown) an asking
 * price or its details already set. Its first visit happened, most likely; but the tie may be the
 * matcher's guess, so a listing dictated with no sign of another type still reads as a first visit.
 */
const FILLED_DETAILS = 3;
const LISTED_FACTOR = 0.7;

const ORDER = new Map(DETECTABLE_VOCAL_TYPES.map((t, i) => [t, i]));
const round = (value: number) => Math.round(value * 100) / 100;
/**
 * Points add up, confidence saturates: one strong sign alone (2 points ≈ 0.60, 2.5 ≈ 0.68) is
 * enough when nothing contradicts it, one supporting word (1.5 ≈ 0.49) is not.
 */
const strength = (points: number) => 1 - Math.exp(-points / 2.2);
/**
 * How much the rivals take off, by their summed score over the best one's (two weak rivals weigh
 * like one twice as strong): a distant one little
 * (0.2 → ×0.94, 0.4 → ×0.74), one half as strong enough to send the note to a person (0.5 → ×0.6),
 * a close one all of it, whatever the number of cues.
 */
const contest = (closeness: number) => Math.max(0, 1 - 1.6 * closeness * closeness);
/** A strong sign weighs this much; a rival type with supporting words only ("acquéreurs" in a follow-up) counts half. */
const STRONG = 2;

const filledDetails = (property: VocalPropertyContext) =>
  Object.values(property.details).filter((v) => v !== null && v !== undefined && v !== '' && v !== false).length;

/** Why the tied property is already listed, as the reasoning says it; null when it may still be new. */
function listed(property: VocalPropertyContext | null): string | null {
  if (!property) return null;
  if (property.status) return property.status === 'PROSPECTION' ? null : 'Le bien rattaché est déjà en vente';
  if (property.price !== null) return 'Le bien rattaché a déjà un prix';
  return filledDetails(property) >= FILLED_DETAILS ? 'Le bien rattaché est déjà décrit' : null;
}

export function detectVocalType(input: DetectVocalTypeInput): VocalTypeDetection {
  const folded = fold(input.transcript);
  if (folded.trim() === '') {
    return { vocalType: null, confidence: 0, candidates: [], reasoning: 'Transcription vide : aucun indice du type de vocal.' };
  }
  const scores = new Map<DetectableVocalType, number>(DETECTABLE_VOCAL_TYPES.map((t) => [t, 0]));
  const found = new Map<DetectableVocalType, string[]>(DETECTABLE_VOCAL_TYPES.map((t) => [t, []]));
  const strong = new Set<DetectableVocalType>();
  for (const cue of CUES) {
    if (!cue.pattern.test(folded)) continue;
    if (cue.weight >= STRONG) strong.add(cue.type);
    scores.set(cue.type, scores.get(cue.type)! + cue.weight);
    found.get(cue.type)!.push(`« ${cue.label} »`);
  }
  const described = new Set([...folded.matchAll(DESCRIPTION)].map((m) => m[0].trim())).size;
  if (described > 0) {
    const points = Math.min(DESCRIPTION_MAX, described * DESCRIPTION_WEIGHT);
    scores.set('VISITE_INITIALE', scores.get('VISITE_INITIALE')! + points);
    // Three kinds of facts or more are a listing being taken down: a strong sign, not a passing word.
    if (points >= 3 * DESCRIPTION_WEIGHT) strong.add('VISITE_INITIALE');
    found.get('VISITE_INITIALE')!.push('la description du bien');
  }
  // Context nudges, never decides: with no cue for a first visit there is nothing to lower.
  const already = scores.get('VISITE_INITIALE')! > 0 ? listed(input.property) : null;
  if (already) scores.set('VISITE_INITIALE', scores.get('VISITE_INITIALE')! * LISTED_FACTOR);

  const ranked = [...scores].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || ORDER.get(a[0])! - ORDER.get(b[0])!);
  const [top, second] = ranked;
  if (!top) {
    return {
      vocalType: null,
      confidence: 0,
      candidates: [],
      reasoning: 'Aucun indice du type de vocal : ni premier rendez-vous, ni visite d’acquéreurs, ni nouveau passage.',
    };
  }
  const [best, bestScore] = top;
  const secondScore = second?.[1] ?? 0;
  // Everything that points elsewhere weighs against the best type, not only the runner-up.
  const rival = ranked.slice(1).reduce((sum, [type, s]) => sum + (strong.has(type) ? s : s / 2), 0);
  const confidence = Math.min(0.97, round(strength(bestScore) * contest(rival / bestScore)));
  const total = ranked.reduce((sum, [, s]) => sum + s, 0);
  const candidates = ranked.map(([vocalType, s], i) => ({
    vocalType,
    confidence: i === 0 ? confidence : Math.min(confidence, round(strength(s) * (s / total))),
  }));
  const tied = second !== undefined && secondScore === bestScore;

  const cited = (type: DetectableVocalType) => frenchList(found.get(type)!);
  const others = ranked.slice(1).map(([type]) => `${VOCAL_TYPE_LABELS[type]} (${cited(type)})`);
  const context = already ? ` ${already}, ce qui rend une visite initiale moins probable.` : '';
  const weaker = ranked.filter(([, s]) => s < bestScore).map(([type]) => `${VOCAL_TYPE_LABELS[type]} (${cited(type)})`);
  const reasoning = tied
    ? `Indices partagés à égalité entre ${frenchList(ranked.filter(([, s]) => s === bestScore).map(([type]) => `${VOCAL_TYPE_LABELS[type]} (${cited(type)})`))} : à vérifier par un agent.${weaker.length ? ` Indices plus faibles de ${frenchList(weaker)}.` : ''}${context}`
    : `${capitalise(VOCAL_TYPE_LABELS[best])} : ${cited(best)}.${others.length ? ` Indices plus faibles de ${frenchList(others)}.` : ''}${context} Confiance ${frenchPercent(confidence)}.`;
  return { vocalType: tied ? null : best, confidence, candidates, reasoning };
}
