// Data set of issue 4's benchmark: N properties in one agency, bulk-inserted straight into the
// SQLite file (the API stopped) with the real schema, in one transaction of multi-row INSERTs
// (~500 rows each). The FTS triggers of migration 0002 fill properties_fts and users_fts as the
// rows go in, exactly as when the API writes them.
//
// Each property: a realistic French title, street, city and postal code, details, a status and
// the timeline leading to it (CREATED, then one STATUS_CHANGED per column passed), one owner
// (a CLIENT contact with role VENDEUR; one in five has a second owner), a few prospects on one
// property in ten. One property, `richId`, also has a buyer, a notary, 12 prospects and four
// document rows: the detail target reads it.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = new URL('..', import.meta.url);
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { createClient } = fromDb('@libsql/client');
const { v7: uuidv7 } = fromDb('uuid');

const STATUSES = ['PROSPECTION', 'MANDAT_SIGNE', 'EN_DIFFUSION', 'VISITES', 'OFFRES', 'COMPROMIS', 'VENDU', 'ARCHIVE'];
// Rough shape of an agency's portfolio: many early in the pipeline, fewer sold.
const STATUS_WEIGHTS = [20, 15, 25, 12, 8, 6, 10, 4];

export const CITIES = [
  ['Paris', '75011'],
  ['Paris', '75015'],
  ['Paris', '75018'],
  ['Marseille', '13006'],
  ['Marseille', '13008'],
  ['Lyon', '69003'],
  ['Lyon', '69007'],
  ['Toulouse', '31000'],
  ['Nice', '06000'],
  ['Nantes', '44000'],
  ['Montpellier', '34000'],
  ['Strasbourg', '67000'],
  ['Bordeaux', '33000'],
  ['Lille', '59000'],
  ['Rennes', '35000'],
  ['Reims', '51100'],
  ['Saint-Étienne', '42000'],
  ['Le Havre', '76600'],
  ['Toulon', '83000'],
  ['Grenoble', '38000'],
  ['Dijon', '21000'],
  ['Angers', '49000'],
  ['Nîmes', '30000'],
  ['Villeurbanne', '69100'],
  ['Clermont-Ferrand', '63000'],
  ['Aix-en-Provence', '13100'],
  ['Le Mans', '72000'],
  ['Brest', '29200'],
  ['Tours', '37000'],
  ['Amiens', '80000'],
  ['Limoges', '87000'],
  ['Annecy', '74000'],
  ['Perpignan', '66000'],
  ['Besançon', '25000'],
  ['Orléans', '45000'],
  ['Rouen', '76000'],
  ['Mulhouse', '68100'],
  ['Caen', '14000'],
  ['Nancy', '54000'],
  ['Avignon', '84000'],
  ['La Rochelle', '17000'],
  ['Pau', '64000'],
  ['Bayonne', '64100'],
  ['Arles', '13200'],
  ['Sète', '34200'],
  ['Évian-les-Bains', '74500'],
];
const STREETS = [
  'rue Victor Hugo',
  'avenue Jean Jaurès',
  'boulevard Gambetta',
  'rue de la République',
  'place du Général de Gaulle',
  'rue Pasteur',
  'rue Jules Ferry',
  'avenue Foch',
  'rue Émile Zola',
  'rue du Moulin',
  'chemin des Vignes',
  'allée des Tilleuls',
  'rue de la Gare',
  "rue de l'Église",
  "place de l'Église",
  'impasse des Lilas',
  'rue des Écoles',
  'quai des Chartrons',
  'rue Nationale',
  'avenue de la Libération',
  'rue du Château',
  'boulevard Voltaire',
  'rue Saint-Michel',
  'rue des Acacias',
  'chemin de la Source',
  'rue Paul Bert',
  'rue Carnot',
  'avenue du Maréchal Leclerc',
  'rue de Verdun',
  'route de la Forêt',
  'rue des Frères Lumière',
  'cours Mirabeau',
  'rue Sainte-Catherine',
  'rue du Faubourg Saint-Antoine',
  'montée du Belvédère',
  'rue Gustave Eiffel',
  'avenue des Pins',
  'rue de la Poste',
  'rue du Stade',
  'rue des Remparts',
];
// [kind, size, feminine]
const KINDS = [
  ['Appartement', 'T2'],
  ['Appartement', 'T3'],
  ['Appartement', 'T4'],
  ['Studio', ''],
  ['Maison', '', true],
  ['Maison de ville', '', true],
  ['Villa', '', true],
  ['Loft', ''],
  ['Duplex', ''],
  ['Longère', '', true],
  ['Mas provençal', ''],
  ['Chalet', ''],
  ['Échoppe bordelaise', '', true],
  ['Local commercial', ''],
];
// [masculine, feminine]
const QUALITIES = [
  ['lumineux', 'lumineuse'],
  ['rénové', 'rénovée'],
  ['au calme', 'au calme'],
  ['traversant', 'traversante'],
  ['de caractère', 'de caractère'],
  ['familial', 'familiale'],
  ['avec vue dégagée', 'avec vue dégagée'],
  ['proche centre', 'proche centre'],
  ['à rafraîchir', 'à rafraîchir'],
  ['refait à neuf', 'refaite à neuf'],
];
const FEATURES = [
  'avec terrasse',
  'avec jardin',
  'avec balcon',
  'avec piscine',
  'avec parking',
  'avec cave',
  'vue mer',
  'dernier étage',
  'avec garage',
  'avec cheminée',
  '',
  '',
  '',
];
export const FIRST_NAMES = [
  'Étienne',
  'Hélène',
  'Camille',
  'Léa',
  'Chloé',
  'Jérôme',
  'François',
  'Amélie',
  'Céline',
  'Thomas',
  'Nicolas',
  'Julie',
  'Élodie',
  'Mathieu',
  'Sébastien',
  'Inès',
  'Zoé',
  'Noël',
  'Gaëlle',
  'Raphaël',
  'Anaïs',
  'Benoît',
  'Loïc',
  'Maëlle',
  'Agnès',
  'Hugo',
  'Lucas',
  'Manon',
  'Sophie',
  'Pierre',
  'Marie',
  'Jean',
  'Claire',
  'Antoine',
  'Émilie',
  'Frédéric',
  'Valérie',
  'Stéphane',
  'Aurélie',
  'Rémi',
];
export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Müller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Masson',
  'Sanchez',
  'Gérard',
  'Nguyen',
  'Boyer',
  'Denis',
  'Lemaire',
  'Duval',
  'Joly',
  'Gautier',
  'Roger',
  'Lévêque',
  'Benoît',
  'Bréhault',
];

/** Deterministic pseudo-random numbers (mulberry32): the same data set on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = {
  users: [
    'id',
    'org_id',
    'account_type',
    'role',
    'first_name',
    'last_name',
    'email',
    'email_normalized',
    'phone',
    'active',
    'created_at',
    'updated_at',
  ],
  properties: [
    'id',
    'org_id',
    'title',
    'address',
    'postal_code',
    'city',
    'price',
    'mandate_number',
    'details',
    'status',
    'created_at',
    'updated_at',
  ],
  property_participants: ['id', 'org_id', 'property_id', 'user_id', 'role', 'created_at', 'updated_at'],
  property_prospects: ['id', 'org_id', 'property_id', 'user_id', 'note', 'created_at', 'updated_at'],
  property_events: ['id', 'org_id', 'property_id', 'type', 'from_status', 'to_status', 'actor_user_id', 'created_at', 'updated_at'],
  files: [
    'id',
    'org_id',
    'property_id',
    'file_name',
    'mime_type',
    'size',
    'sha256',
    'status',
    'type_document',
    'storage_key',
    'source',
    'created_at',
    'updated_at',
  ],
};
const BATCH_ROWS = 500;

/** Multi-row INSERTs of at most BATCH_ROWS rows each, columns in COLUMNS order. */
function inserts(table, rows) {
  const columns = COLUMNS[table];
  const statements = [];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const chunk = rows.slice(i, i + BATCH_ROWS);
    statements.push({
      sql: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
      args: chunk.flatMap((row) => columns.map((c) => row[c] ?? null)),
    });
  }
  return statements;
}

/**
 * Fills the agency `orgId` (whose staff user `agentId` is the actor of the timeline events).
 * Returns the row counts, the id of the rich property and the time taken.
 */
export async function seedProperties(dbFile, { orgId, agentId, count = 10_000, seed = 42 }) {
  const started = performance.now();
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const rows = { users: [], properties: [], property_participants: [], property_prospects: [], property_events: [], files: [] };
  const DAY = 86_400_000;
  const now = Date.now();
  // Spread over three years, oldest first.
  const firstCreated = now - 3 * 365 * DAY;
  const step = (3 * 365 * DAY - DAY) / count;
  const iso = (ms) => new Date(ms).toISOString();
  const id = (ms) => uuidv7({ msecs: Math.floor(ms) });

  let contactNumber = 0;
  function contact(createdMs, accountType = 'CLIENT') {
    const firstName = pick(FIRST_NAMES);
    const lastName = pick(LAST_NAMES);
    contactNumber++;
    const withEmail = rand() < 0.7;
    const email = withEmail
      ? `${firstName}.${lastName}.${contactNumber}@exemple.fr`
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '')
          .replace(/\s/g, '-')
          .toLowerCase()
      : null;
    const digits = String(Math.floor(rand() * 1e8)).padStart(8, '0');
    const phone = !withEmail || rand() < 0.5 ? `06 ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')}` : null;
    const row = {
      id: id(createdMs),
      org_id: orgId,
      account_type: accountType,
      role: null,
      first_name: firstName,
      last_name: lastName,
      email,
      email_normalized: email,
      phone,
      active: 1,
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
    };
    rows.users.push(row);
    return row;
  }
  const participant = (propertyId, userId, role, ms) => {
    rows.property_participants.push({
      id: id(ms),
      org_id: orgId,
      property_id: propertyId,
      user_id: userId,
      role,
      created_at: iso(ms),
      updated_at: iso(ms),
    });
  };
  const event = (propertyId, type, from, to, ms) => {
    rows.property_events.push({
      id: id(ms),
      org_id: orgId,
      property_id: propertyId,
      type,
      from_status: from,
      to_status: to,
      actor_user_id: agentId,
      created_at: iso(ms),
      updated_at: iso(ms),
    });
  };

  // Buyers, drawn on as prospects.
  const buyers = Array.from({ length: 500 }, (_, i) => contact(firstCreated + i * 1000));
  const richIndex = Math.floor(count * 0.6);
  let richId;
  let mandates = 0;
  for (let i = 0; i < count; i++) {
    const created = firstCreated + i * step + rand() * step * 0.5;
    const [kind, size, feminine] = pick(KINDS);
    const [city, postalCode] = pick(CITIES);
    const feature = pick(FEATURES);
    const title = [kind, size, pick(QUALITIES)[feminine ? 1 : 0], feature, rand() < 0.5 ? `à ${city}` : ''].filter(Boolean).join(' ');
    const rooms = size ? Number(size.slice(1)) : 1 + Math.floor(rand() * 6);
    const statusIndex = i === richIndex ? 5 : weightedIndex(rand());
    const status = STATUSES[statusIndex];
    const propertyId = id(created);
    // One event per column passed, a few days apart (closer for the newest, all in the past).
    const gap = Math.min((2 + rand() * 10) * DAY, (now - created) / (statusIndex + 1));
    const eventTimes = Array.from({ length: statusIndex + 1 }, (_, k) => created + k * gap);
    rows.properties.push({
      id: propertyId,
      org_id: orgId,
      title,
      address: `${1 + Math.floor(rand() * 180)} ${pick(STREETS)}`,
      postal_code: postalCode,
      city,
      price: 60_000 + Math.floor(rand() * 1200) * 1000,
      mandate_number: statusIndex >= 1 ? `MV-${new Date(created).getUTCFullYear()}-${String(++mandates).padStart(5, '0')}` : null,
      details: JSON.stringify({
        surface: 18 + Math.floor(rand() * 220),
        rooms,
        bedrooms: Math.max(0, rooms - 1),
        dpeClass: pick('ABCDEFG'),
      }),
      status,
      created_at: iso(created),
      updated_at: iso(eventTimes.at(-1)),
    });
    const owner = contact(created);
    participant(propertyId, owner.id, 'VENDEUR', created);
    if (i % 5 === 0 || i === richIndex) participant(propertyId, contact(created).id, 'VENDEUR', created + 1);
    eventTimes.forEach((ms, k) =>
      event(propertyId, k === 0 ? 'CREATED' : 'STATUS_CHANGED', k === 0 ? null : STATUSES[k - 1], STATUSES[k], ms),
    );
    const prospects = i === richIndex ? 12 : i % 10 === 3 ? 1 + Math.floor(rand() * 4) : 0;
    for (let k = 0; k < prospects; k++) {
      const ms = created + (k + 1) * DAY;
      rows.property_prospects.push({
        id: id(ms),
        org_id: orgId,
        property_id: propertyId,
        user_id: buyers[(i + k * 37) % buyers.length].id,
        note: k % 3 === 0 ? 'Visite souhaitée un samedi' : null,
        created_at: iso(ms),
        updated_at: iso(ms),
      });
    }
    if (i === richIndex) {
      richId = propertyId;
      participant(propertyId, buyers[0].id, 'ACHETEUR', created + 20 * DAY);
      participant(propertyId, contact(created, 'NOTAIRE').id, 'NOTAIRE', created + 21 * DAY);
      ['DPE', 'TITRE_PROPRIETE', 'PHOTOS_HD', null].forEach((type, k) => {
        const ms = created + (k + 1) * 3600_000;
        rows.files.push({
          id: id(ms),
          org_id: orgId,
          property_id: propertyId,
          file_name: `document-${k + 1}.pdf`,
          mime_type: 'application/pdf',
          size: 29_502,
          sha256: '0'.repeat(64),
          status: type ? 'CLASSIFIED' : 'UPLOADED',
          type_document: type,
          storage_key: `${orgId}/files/bench-${k}-${propertyId}`,
          source: 'UPLOAD',
          created_at: iso(ms),
          updated_at: iso(ms),
        });
      });
    }
  }

  const client = createClient({ url: `file:${resolve(dbFile)}`, timeout: 10_000 });
  try {
    // Contacts before the participants that name them: the participants' trigger reads their names.
    const statements = Object.entries(rows).flatMap(([table, list]) => inserts(table, list));
    await client.batch(statements, 'write');
  } finally {
    client.close();
  }
  return {
    richId,
    counts: Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length])),
    ms: performance.now() - started,
  };
}

/** How many properties the API's search finds for `text` (each word a prefix, as ftsQuery in packages/core). */
export async function ftsMatches(dbFile, text) {
  const query = text
    .normalize('NFC')
    .match(/[\p{L}\p{N}]+/gu)
    ?.slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
  if (!query) return 0;
  const client = createClient({ url: `file:${resolve(dbFile)}`, timeout: 10_000 });
  try {
    const { rows } = await client.execute({ sql: 'SELECT count(*) AS n FROM properties_fts WHERE properties_fts MATCH ?', args: [query] });
    return Number(rows[0].n);
  } finally {
    client.close();
  }
}

function weightedIndex(r) {
  const total = STATUS_WEIGHTS.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < STATUS_WEIGHTS.length; i++) {
    x -= STATUS_WEIGHTS[i];
    if (x < 0) return i;
  }
  return STATUS_WEIGHTS.length - 1;
}
