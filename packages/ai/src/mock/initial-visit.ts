import type { InitialVisitFields } from '@monimmo/contract/vocabulary';
import { frenchList, frenchPercent } from '../text.ts';
import { INITIAL_VISIT_EXTRACTION_FLOOR, type InitialVisitExtraction } from '../types.ts';
import { resolveDictation } from './dictation.ts';
import { findNumbers, type SpokenNumber } from './french-numbers.ts';
import { plain } from './spoken.ts';

type Field = keyof InitialVisitFields;
type PropertyType = NonNullable<InitialVisitFields['propertyType']>;
type EnergyClass = NonNullable<InitialVisitFields['dpeClass']>;

/** What the agent reads next to each value, in the order of a listing. */
const FIELD_LABELS: Record<Field, string> = {
  propertyType: 'type de bien',
  address: 'adresse',
  postalCode: 'code postal',
  city: 'ville',
  price: 'prix',
  surface: 'surface',
  landSurface: 'terrain',
  rooms: 'pièces',
  bedrooms: 'chambres',
  bathrooms: 'salles d’eau',
  floor: 'étage',
  elevator: 'ascenseur',
  parking: 'stationnement',
  dpeClass: 'DPE',
  gesClass: 'GES',
  yearBuilt: 'année de construction',
};

/** A transcript as meant (corrections resolved), its plain form and the numbers said in it, read once. */
interface Reading {
  text: string;
  plain: string;
  numbers: SpokenNumber[];
  /** The words as said for a span of `text`. */
  source(start: number, end: number): string;
}

interface Hit<T> {
  value: T;
  start: number;
  end: number;
}

const said = (r: Reading, hit: { start: number; end: number }) => r.source(hit.start, hit.end).replace(/\s+/g, ' ').trim();

/** What follows number `n`, matched by `pattern` (which must start with ^). */
const followedBy = (r: Reading, n: SpokenNumber, pattern: RegExp) => pattern.exec(r.plain.slice(n.end));

/** The one said first, when a fact is said twice ("un T3, trois pièces"). */
const first = <T>(hits: Hit<T>[]): Hit<T> | null => [...hits].sort((a, b) => a.start - b.start)[0] ?? null;

/** A count said before a noun: "trois pièces", "2 chambres". */
function counted(r: Reading, noun: RegExp, max: number): Hit<number>[] {
  const hits: Hit<number>[] = [];
  for (const n of r.numbers) {
    if (n.ordinal || n.money || !Number.isInteger(n.value) || n.value < 1 || n.value > max) continue;
    const m = followedBy(r, n, noun);
    if (m) hits.push({ value: n.value, start: n.start, end: n.end + m[0].length });
  }
  return hits;
}

// "pièce d'eau", "pièce à vivre" are rooms of a kind, not the count of rooms.
const ROOMS = /^ ?pieces?\b(?! ?(?:d'eau|a vivre|de vie|de reception|principale))/;
const TYPE_NOTATION = /(?<![\p{L}\d])[tf][1-9](?: ?bis)?(?![\p{L}\d])/gu;

/** "T3", "F4 bis": the rooms, in the notation of flats. */
const notations = (r: Reading): Hit<number>[] =>
  [...r.plain.matchAll(TYPE_NOTATION)].map((m) => ({ value: Number(m[0][1]), start: m.index, end: m.index + m[0].length }));

function rooms(r: Reading): Hit<number> | null {
  return first([...counted(r, ROOMS, 30), ...notations(r)]);
}

/** Most specific first: a studio is also an "appartement", a flat is "dans un immeuble". */
const PROPERTY_TYPES: [PropertyType, RegExp][] = [
  ['STUDIO', /\bstudios?\b/],
  ['LOFT', /\blofts?\b/],
  ['APPARTEMENT', /\b(?:appartements?|appart|duplex|triplex)\b/],
  ['MAISON', /\b(?:maisons?|villas?|pavillons?|longeres?|bastides?|chalets?|corps de ferme|mas)\b/],
  ['LOCAL_COMMERCIAL', /\b(?:locaux commerciaux|local commercial|local professionnel|boutique|murs commerciaux)\b/],
  ['IMMEUBLE', /\bimmeubles? (?:de rapport|entier|en monopropriete)\b/],
  ['TERRAIN', /\bterrains? (?:constructibles?|a batir|nu)\b/],
];

function propertyType(r: Reading): Hit<PropertyType> | null {
  for (const [type, pattern] of PROPERTY_TYPES) {
    const m = pattern.exec(r.plain);
    if (m) return { value: type, start: m.index, end: m.index + m[0].length };
  }
  // "un T3" with no other word for it: T and F numbers are for flats.
  const notation = notations(r)[0];
  return notation ? { ...notation, value: 'APPARTEMENT' } : null;
}

const AREA = /^ ?(?:m²|m2|m 2|metres? carres?|m carres?)(?![a-z])/;
/** "quatre-vingts mètres" of a home is an area; "à 200 mètres du métro", "2 mètres 80 sous plafond" are not. */
const BARE_METRES = /^ ?metres?(?! ?(?:\d|carres?|de |du |des |d'|a pied|sous|de haut|lineaires?))(?![a-z])/;
/** "110 de surface habitable", "95 habitables": the unit left out. */
const UNSAID_UNIT = /^ ?(?:de surface(?: habitable)?|habitables?)\b/;
const LAND_WORD = /\b(?:terrains?|parcelles?|jardins?)\b/g;
/** Parts of a home measured on their own: "un séjour de 30 m²" is not the home's surface. */
const PART_WORD =
  /\b(?:sejour|salon|living|salle|chambres?|cuisine|balcon|terrasse|caves?|garage|grenier|veranda|piece de vie|piece a vivre|mezzanine|dependance|bureau|box|loggia|combles|sous sol|atelier)\b/g;
const HOME_WORD =
  /\b(?:appartement|maison|surface|habitables?|carrez|pieces?|logement|bien|villa|studio|loft|fait|faisant|mesure|duplex|[tf][1-9])\b/g;

const lastIndex = (text: string, pattern: RegExp) => Math.max(-1, ...[...text.matchAll(pattern)].map((m) => m.index));

/** Living area and land: each "… m²" is the nearest noun's before it, back to the previous number or clause. */
function areas(r: Reading): { surface: Hit<number> | null; landSurface: Hit<number> | null } {
  let surface: Hit<number> | null = null;
  let landSurface: Hit<number> | null = null;
  let previousEnd = 0;
  for (const n of r.numbers) {
    const measured = !n.ordinal && !n.money && n.value > 0;
    const distance = /\ba $/.test(r.plain.slice(Math.max(0, n.start - 2), n.start));
    const unit = measured
      ? (followedBy(r, n, AREA) ??
        (distance || n.value < 9 ? null : followedBy(r, n, BARE_METRES)) ??
        (n.value >= 9 ? followedBy(r, n, UNSAID_UNIT) : null))
      : null;
    if (!unit) {
      previousEnd = n.end;
      continue;
    }
    const before = r.plain.slice(previousEnd, n.start);
    const window = before.slice(Math.max(lastIndex(before, /[.;!?,]/g) + 1, before.length - 60));
    const end = n.end + unit[0].length;
    const after = r.plain.slice(end, end + 20);
    const land = lastIndex(window, LAND_WORD);
    const part = lastIndex(window, PART_WORD);
    const home = lastIndex(window, HOME_WORD);
    const hit = { value: n.value, start: n.start, end };
    if (/^ ?(?:de surface|habitable)/.test(unit[0])) surface ??= hit;
    else if (/^ (?:de |d')(?:terrain|jardin)/.test(after) || (land > part && land > home)) landSurface ??= hit;
    else if (part > home && !/^ habitables?\b/.test(after)) {
      // A room's own size: neither the home nor the land.
    } else surface ??= hit;
    previousEnd = end;
  }
  return { surface, landSurface };
}

const BATHROOMS = /^ ?(?:salles? de bains?|salles? d'eau|salles? de douche)\b/;

/** "une salle de bains", "une grande salle d'eau": one adjective may sit between the count and the room. */
const BATHROOMS_AFTER_ADJECTIVE =
  /^ ?(?:grandes?|petites?|belles?|vraies?|autres?) (?:salles? de bains?|salles? d'eau|salles? de douche)\b/;
/** "Une chambre, salle d'eau": a bathroom named without a count is one; a plural or a negation is not. */
const BATHROOM_ALONE = /(?:^|[.,;:] ?|\b(?:une?|avec|et|plus) )(?:salle de bains?|salle d'eau|salle de douche)\b/;

function bathrooms(r: Reading): Hit<number> | null {
  const hits = [...counted(r, BATHROOMS, 10), ...counted(r, BATHROOMS_AFTER_ADJECTIVE, 10)].sort((a, b) => a.start - b.start);
  if (hits.length === 0) {
    const alone = BATHROOM_ALONE.exec(r.plain);
    if (!alone) return null;
    const start = alone.index + alone[0].search(/salle/);
    return { value: 1, start, end: alone.index + alone[0].length };
  }
  // "une salle de bain et une salle d'eau": two.
  return { value: hits.reduce((sum, h) => sum + h.value, 0), start: hits[0]!.start, end: hits[hits.length - 1]!.end };
}

function floor(r: Reading, type: PropertyType | undefined): Hit<number> | null {
  // In a house, "au premier étage, trois chambres" is a level of it, not where it is.
  if (type === 'MAISON' || type === 'TERRAIN') return null;
  for (const n of r.numbers) {
    if (!n.ordinal) continue;
    const groundFloor = n.value === 0;
    // "troisième et dernier étage"; "au sixième" alone is a floor too, "dans le 8e" a district.
    const m = followedBy(r, n, /^ ?(?:et dernier )?etage\b/);
    const said = /\bau $/.test(r.plain.slice(Math.max(0, n.start - 3), n.start)) && !followedBy(r, n, /^ ?(?:arrondissement|siecle)\b/);
    if (m || groundFloor || said) return { value: n.value, start: n.start, end: n.end + (m?.[0].length ?? 0) };
  }
  return null;
}

const NEGATION = new Set(['sans', "pas d'", 'pas de', "plus d'", 'plus de', 'aucun', 'aucune', 'ni']);

/**
 * "avec ascenseur" → true, "sans ascenseur", "pas d'ascenseur" → false; the first mention decides,
 * unless `anyPresent`: "pas de garage, mais une place de parking" has parking.
 */
function presence(r: Reading, noun: string, anyPresent = false): Hit<boolean> | null {
  const pattern = new RegExp(
    `(?:\\b(sans|pas d'|pas de|plus d'|plus de|aucune?|ni|avec|un|une|son|sa|l'|le|la|double) ?)?\\b(?:${noun})\\b`,
    'g',
  );
  const hits = [...r.plain.matchAll(pattern)].map((m) => ({
    value: !NEGATION.has(m[1] ?? ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
  return (anyPresent ? hits.find((h) => h.value) : undefined) ?? hits[0] ?? null;
}

const ENERGY_FILLER = '(?: ?: ?| (?:est |en |de |classee? |note |lettre |: )*)';

/** "classée D" said of the property with no label: the DPE, the class a listing shows first. */
const CLASS_ALONE = /\bclassee? (?:en )?([a-g])\b(?! (?:au|pour le|pour la|en) (?:ges|gaz))/g;

/** "DPE classe D", "DPE D", "étiquette énergie D", "classé D au DPE". */
function energyClass(r: Reading, label: string): Hit<EnergyClass> | null {
  // "le E c'était le GES": a letter moved to the other label by a correction.
  const pattern = new RegExp(
    `\\b(?:${label})${ENERGY_FILLER}([a-g])\\b|\\bclassee? ([a-g]) (?:au|pour le|pour la|en) (?:${label})\\b|\\b(?:le|la) ([a-g]) c'(?:est|etait) (?:pour )?(?:le|la) (?:${label})\\b`,
    'gd',
  );
  for (const m of r.plain.matchAll(pattern)) {
    const letter = r.text[(m.indices![1] ?? m.indices![2] ?? m.indices![3])![0]]!;
    // "DPE à refaire": a plain "a" is "à" said, or the verb "a", not the class A.
    if (/^[A-Gb-g]$/.test(letter)) return { value: letter.toUpperCase() as EnergyClass, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

function classAlone(r: Reading): Hit<EnergyClass> | null {
  for (const m of r.plain.matchAll(CLASS_ALONE)) {
    const at = m.index + m[0].length - 1;
    const letter = r.text[at]!;
    // "classé à" is no class; a capital or a lone consonant letter is.
    if (/^[A-Gb-g]$/.test(letter) && !/\b(?:ges|gaz)\b/.test(r.plain.slice(Math.max(0, m.index - 12), m.index)))
      return { value: letter.toUpperCase() as EnergyClass, start: m.index, end: at + 1 };
  }
  return null;
}

const CURRENT_YEAR = new Date().getUTCFullYear();
const BUILT =
  /\b(?:construite?s?|batie?s?|edifiee?s?|datant|date|livree?s?|achevee?s?|construction|renovee? en)\b(?: (?:en|de|du|dans|vers|l'annee|annee|autour de|:))* ?$/;
const BUILDING = /\b(?:immeuble|maison|residence|batiment|copropriete|appartement|villa|pavillon)s? (?:de|des|du) $/;

/** A year said after "construit en", "datant de", "immeuble de": "des années 70" is no year. */
function yearBuilt(r: Reading): Hit<number> | null {
  for (const n of r.numbers) {
    if (n.ordinal || n.money || !Number.isInteger(n.value) || n.value < 1700 || n.value > CURRENT_YEAR + 3) continue;
    const before = r.plain.slice(Math.max(0, n.start - 40), n.start);
    if (/\bannees $/.test(before) || followedBy(r, n, AREA)) continue;
    const cue = BUILT.exec(before) ?? BUILDING.exec(before);
    if (cue) return { value: n.value, start: n.start - before.length + cue.index, end: n.end };
  }
  return null;
}

/** Words for the asking price, and for amounts that are something else (the nearest one decides). */
const PRICE_CUE =
  /\b(?:prix|mettre en vente|mise en vente|mis en vente|vendre|vente|vend|estim\w*|affich\w*|valeur|demand\w*|net vendeur|fai|autour de|veut|veulent|voudrai\w*|souhait\w*|vise\w*|d'accord (?:sur|pour)|partis sur|fix\w*)\b/g;
const OTHER_AMOUNT_CUE =
  /\b(?:achet\w*|acquis\w*|budget|frais|honoraires|offre|propos\w*|taxe|charges|loyer|travaux|emprunt|pret|apport|credit|revenus|capacite|mensualites?|cout|devis|facture|financement)\b/g;
const OTHER_AMOUNT_AFTER = /^ ?(?:de |d')?(?:frais|honoraires|travaux|charges|taxe|budget)\b/;

function price(r: Reading): Hit<number> | null {
  let fallback: Hit<number> | null = null;
  let previousEnd = 0;
  for (const n of r.numbers) {
    const start = previousEnd;
    previousEnd = n.end;
    if (n.ordinal || n.value < 10_000 || followedBy(r, n, AREA) || followedBy(r, n, OTHER_AMOUNT_AFTER)) continue;
    const before = r.plain.slice(start, n.start);
    const window = before.slice(lastIndex(before, /[.;!?]/g) + 1);
    const windowStart = n.start - window.length;
    const cue = lastIndex(window, PRICE_CUE);
    const other = lastIndex(window, OTHER_AMOUNT_CUE);
    if (cue > other) return { value: n.value, start: windowStart + cue, end: n.end };
    // An amount said alone: in euros, or too large for a postal code ("790 000, pardon").
    if (other < 0 && ((n.money && n.value >= 20_000) || n.value >= 100_000)) fallback ??= { value: n.value, start: n.start, end: n.end };
  }
  return fallback;
}

const STREET_TYPES = [
  'rue',
  'avenue',
  'av',
  'boulevard',
  'bd',
  'place',
  'pl',
  'allée',
  'allee',
  'impasse',
  'imp',
  'chemin',
  'ch',
  'quai',
  'cours',
  'route',
  'rte',
  'square',
  'passage',
  'faubourg',
  'fg',
  'traverse',
  'montée',
  'lotissement',
  'résidence',
  'voie',
  'sentier',
  'esplanade',
  'promenade',
  'parvis',
  'rond-point',
  'hameau',
  'domaine',
];
/** "Rue" or "rue", without the i flag: street and city names are told by their capital. */
const STREET_TYPE = STREET_TYPES.map((t) => `[${t[0]!.toUpperCase()}${t[0]}]${t.slice(1)}`).join('|');
const PARTICLE = "(?:de la|de l['’]|du|des|de|d['’]|la|le|les|l['’]|aux|au|et|sur|sous|en)";
/** Inside a name; "au", "aux" after a street's name open a district ("rue Notre-Dame aux Chartrons"). */
const INNER_PARTICLE = "(?:de la|de l['’]|du|des|de|d['’]|la|le|les|l['’]|et|sur|sous|en)";
const NAME_WORD = "[\\p{Lu}\\d][\\p{L}\\d'’-]*";
const STREET_NAME = `(?:${STREET_TYPE})\\.? +(?:${PARTICLE} ?)?${NAME_WORD}(?: (?:${INNER_PARTICLE} ?)?${NAME_WORD})*`;
const HOUSE_NUMBER = '(\\d{1,4})(?: ?(bis|ter|quater|[bt])(?![\\p{L}\\d]))?';
const STREET = new RegExp(`(?<![\\p{L}\\d])(?:${HOUSE_NUMBER},? +(?:(?:de la|du|de l['’]) ?)?)?(${STREET_NAME})`, 'u');
const PLACE_NAME =
  "\\p{Lu}[\\p{L}'’-]*(?:[ -](?:(?:sur|sous|en|de|du|des|la|le|les|lès|lez|d['’]|l['’])[ -]?)?\\p{Lu}[\\p{L}'’-]*)*(?![\\p{L}\\d])";
const CITY_AFTER_ADDRESS = new RegExp(`^,? +(?:à|a|sur) +(${PLACE_NAME})`, 'u');
const POSTAL_THEN_CITY = new RegExp(`^,? +(\\d{5}) +(${PLACE_NAME})`, 'u');
/**
 * The number said after the street, in pieces: "avenue de la Gloire à Toulouse c'est au 48",
 * "rue de la Brasserie… au 5", "rue Notre-Dame aux Chartrons à Bordeaux 33000 numéro 64".
 */
const NUMBER_AFTER = new RegExp(
  `^(?:,? *(?:…|\\.\\.\\.)? *(?:(?:(?:à|a|sur) +(${PLACE_NAME})|(?:aux?|quartier(?: de| des| du)?) +${PLACE_NAME}),? *(?:\\d{5},? *)?)?){0,2}(?:c['’]est +)?(?:au|numéro|n°|no) +${HOUSE_NUMBER}(?![\\p{L}\\d]| ?(?:m²|m2|%|€|k\\b|euros?\\b))`,
  'u',
);
/** The city said just before the postal code: "à Muret, 31600", "Paris 11e, donc 75011", "Marseille dans le 8e, 13008". */
const CITY_THEN_POSTAL = new RegExp(
  `(${PLACE_NAME})(?: \\d{1,2}(?:e|er|ème)\\b)?,?(?: dans le \\d{1,2}e,?)?(?: donc)? +(\\d{5})(?!\\d)`,
  'gu',
);
const CITY_AFTER_A = new RegExp(`(?<![\\p{L}])(?:à|a) +(${PLACE_NAME})`, 'gu');
/** Capitalised words that open a sentence or name a thing, never a town. */
const NOT_A_CITY =
  /^(?:Code|Prix|DPE|GES|Maison|Appartement|Studio|Loft|Villa|Donc|Alors|Bon|Euh|Et|Le|La|Les|Un|Une|Il|Elle|Ils|Elles|On|C|Madame|Monsieur|Mme|M|Mademoiselle|Maître|Au|Aux)$/u;

interface Place {
  address: Hit<string> | null;
  postalCode: Hit<string> | null;
  city: Hit<string> | null;
}

const POSTAL_CODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;

function cityHit(value: string, start: number): Hit<string> | null {
  const head = value.split(/[ -]/)[0]!;
  // "La Rochelle", "Le Mans": an article opens a town's name, but is none alone.
  const article = /^(?:Le|La|Les)$/.test(head) && value !== head;
  return NOT_A_CITY.test(head) && !article ? null : { value, start, end: start + value.length };
}

function place(r: Reading): Place {
  let address: Hit<string> | null = null;
  let city: Hit<string> | null = null;
  let postalCode: Hit<string> | null = null;
  const m = STREET.exec(r.text);
  if (m) {
    // "Rue des Acacias" opening a sentence is still "rue des Acacias" in an address.
    const street = m[3]!.replace(/\s+/g, ' ').replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase());
    const suffix = (s: string | undefined) => (s ? ` ${s}` : '');
    if (m[1]) {
      address = { value: `${m[1]}${suffix(m[2])} ${street}`, start: m.index, end: m.index + m[0].length };
    } else {
      // A street said without its number: the number comes after it, the city sometimes in between.
      const streetEnd = m.index + m[0].length;
      const after = NUMBER_AFTER.exec(r.text.slice(streetEnd));
      if (after) {
        address = { value: `${after[2]}${suffix(after[3])} ${street}`, start: m.index, end: streetEnd + after[0].length };
        if (after[1]) city = cityHit(after[1], streetEnd + after[0].indexOf(after[1]));
      }
    }
  }
  if (address) {
    const rest = r.text.slice(address.end);
    const cityAfter = CITY_AFTER_ADDRESS.exec(rest);
    const postalThenCity = POSTAL_THEN_CITY.exec(rest);
    if (postalThenCity) {
      const at = address.end + postalThenCity[0].indexOf(postalThenCity[1]!);
      postalCode = { value: postalThenCity[1]!, start: at, end: at + 5 };
      city ??= cityHit(postalThenCity[2]!, address.end + postalThenCity[0].lastIndexOf(postalThenCity[2]!));
    } else if (cityAfter) {
      city ??= cityHit(cityAfter[1]!, address.end + cityAfter[0].lastIndexOf(cityAfter[1]!));
    }
  }
  // A postal code anywhere: five digits alone, a real department, neither an amount nor an area.
  for (const n of r.numbers) {
    if (postalCode) break;
    const digits = r.text.slice(n.start, n.end);
    if (!POSTAL_CODE.test(digits) || followedBy(r, n, AREA) || followedBy(r, n, /^ ?(?:k\b|€|euros?\b)/)) continue;
    postalCode = { value: digits, start: n.start, end: n.end };
    const next = new RegExp(`^ +(${PLACE_NAME})`, 'u').exec(r.text.slice(n.end));
    if (!city && next) city = cityHit(next[1]!, n.end + next[0].indexOf(next[1]!));
  }
  // The town before the postal code, outside the street's own name ("rue du Petit Train, 31170").
  if (!city && postalCode) {
    for (const c of r.text.matchAll(CITY_THEN_POSTAL)) {
      const start = c.index;
      if (c[2] !== postalCode.value || (address && start < address.end && start + c[0].length > address.start)) continue;
      city = cityHit(c[1]!, start);
      if (city) break;
    }
  }
  // Last, the first town said after "à": "Appartement à Villeurbanne, cours Émile Zola".
  if (!city) {
    for (const c of r.text.matchAll(CITY_AFTER_A)) {
      if (address && c.index >= address.start && c.index < address.end) continue;
      city = cityHit(c[1]!, c.index + c[0].indexOf(c[1]!));
      if (city) break;
    }
  }
  return { address, postalCode, city };
}

/**
 * The property facts an owner and an agent say on a first visit, read with the grammar of spoken
 * French: each field comes with the words it was read from, and a field not said stays absent.
 */
export function extractInitialVisit(transcript: string): InitialVisitExtraction {
  const dictation = resolveDictation(transcript);
  const text = dictation.text;
  const r: Reading = { text, plain: plain(text), numbers: findNumbers(text), source: dictation.source };
  const roomsHit = rooms(r);
  const typeHit = propertyType(r);
  const { surface, landSurface } = areas(r);
  const { address, postalCode, city } = place(r);
  const studio = typeHit?.value === 'STUDIO' && !roomsHit ? { ...typeHit, value: 1 } : null;
  const hits: { [K in Field]?: Hit<NonNullable<InitialVisitFields[K]>> | null } = {
    propertyType: typeHit,
    address,
    postalCode,
    city,
    price: price(r),
    surface,
    landSurface,
    rooms: roomsHit ?? studio,
    bedrooms: first(counted(r, /^ ?chambres?\b/, 20)),
    bathrooms: bathrooms(r),
    floor: floor(r, typeHit?.value),
    elevator: presence(r, 'ascenseurs?'),
    parking: presence(r, 'parkings?|garages?|places? de (?:parking|stationnement)|stationnement|box', true),
    dpeClass:
      energyClass(r, 'dpe|diagnostic de performance energetique|etiquette (?:energie|energetique|dpe)|classe (?:energie|energetique)') ??
      classAlone(r),
    gesClass: energyClass(r, 'ges|gaz a effet de serre|etiquette (?:climat|ges)|classe (?:climat|ges)'),
    yearBuilt: yearBuilt(r),
  };

  const fields: InitialVisitFields = {};
  const evidence: InitialVisitExtraction['evidence'] = {};
  for (const field of Object.keys(FIELD_LABELS) as Field[]) {
    const hit = hits[field];
    if (!hit) continue;
    (fields as Record<Field, unknown>)[field] = hit.value;
    evidence[field] = said(r, hit);
  }
  const found = Object.keys(fields) as Field[];
  const confidence = confidenceOf(found);
  return { fields, confidence, evidence, reasoning: reasoningOf(found, evidence, confidence) };
}

/**
 * More facts, surer reading: one fact alone stays below the floor (a stray "trois pièces" in a
 * chat is no listing), three with the surface or the rooms are well above it.
 */
function confidenceOf(found: Field[]): number {
  if (found.length === 0) return 0;
  const core = found.includes('surface') || found.includes('rooms') ? 0.1 : 0;
  return Math.min(0.95, Math.round((0.3 + 0.12 * found.length + core) * 100) / 100);
}

function reasoningOf(found: Field[], evidence: InitialVisitExtraction['evidence'], confidence: number): string {
  if (found.length === 0) return 'Aucune caractéristique du bien (adresse, prix, surface, pièces…) n’a été reconnue dans la transcription.';
  const list = frenchList(found.map((f) => `${FIELD_LABELS[f]} (« ${evidence[f]} »)`));
  const count = found.length === 1 ? 'Une caractéristique relevée' : `${found.length} caractéristiques relevées`;
  const verdict = confidence >= INITIAL_VISIT_EXTRACTION_FLOOR ? '' : ' Trop peu d’éléments pour remplir la fiche sans vérification.';
  return `${count} : ${list}. Confiance ${frenchPercent(confidence)}.${verdict}`;
}
