// Issue 6's throughput benchmark: voice notes through the whole pipeline, end to end
// (`POST /api/v1/vocals/upload` → Redis → `apps/worker`: TRANSCRIBE → MATCH → DETECT_TYPE →
// EXTRACT_INITIAL_VISIT → EXTRACT_INSIGHTS, one BullMQ job each → SQLite, mock AI), against
// BullMQ no-op jobs chained five per item on the same Redis, in the same run (bench/run.mjs,
// targets `vocal-noop` and `vocal-pipeline`, rounds interleaved with the other targets).
//
// - vocal-noop: issue 5's no-op baseline (bench/queue-common.mjs) with five jobs per item, one
//   after the other as the pipeline's stages: the bench adds every item's first job with one
//   `addBulk`, the worker's handler does nothing but add the item's next job (one `add`, the app's
//   job options and a de-duplication key, as a stage queues the next one). Timed from just before
//   the addBulk to the `completed` event of the last item's fifth job.
// - vocal-pipeline: an agency of 50 properties (bench/seed-properties.mjs; those in PROSPECTION
//   or MANDAT_SIGNE not described yet, details empty, as before a first visit), the built API
//   (`ENABLE_QUEUE=true`) and one worker process (`apps/worker/dist/main.js`). 300 voice notes,
//   the same on every run (fixed seed): small WAVs (8 kHz mono silence, 4 to 8 s) whose INFO/ICMT
//   comment is the French transcript the mock provider "hears" — first visits with the property's
//   facts, buyer visit reports, follow-up visits, each naming one property's address (and for
//   first visits and follow-ups its owner), plus a few meant for review (three "[inaudible]" in the
//   transcript; a follow-up at an address the agency does not have). Uploaded as raw bodies
//   (`Content-Type: audio/wav`) with a bounded number in flight. Timed from the first upload to
//   the first poll (every 10 ms, read-only, on the SQLite file, once every upload has been
//   answered) that finds every note INSIGHTS_READY or REVIEW_REQUIRED.
//
// Both use one worker process with the same concurrency (BENCH_QUEUE_CONCURRENCY), an untimed
// warm-up batch first (same processes), and each round its own Redis prefix and, for the
// pipeline, a fresh copy of the seeded database and its own storage folder. Every Redis key of
// the run starts with one prefix, removed at the end (also on failure and Ctrl-C) by `cleanUp()`.
import { mkdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  benchRedis,
  copyDb,
  inLanes,
  measureNoop,
  now,
  percentile,
  profArgs,
  untilNoneLeft,
  uuidv7,
  waitForWorker,
} from './queue-common.mjs';
import { random, seedProperties } from './seed-properties.mjs';

const root = new URL('..', import.meta.url);
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { createClient } = fromDb('@libsql/client');

/** The pipeline's stages: the no-op baseline chains as many jobs per item. */
export const PIPELINE_STAGES = 5;
const DONE_STATUSES = "('INSIGHTS_READY', 'REVIEW_REQUIRED')";
/** Properties early in the agency's pipeline: not described yet, the subjects of first visits. */
const FRESH_STATUSES = "('PROSPECTION', 'MANDAT_SIGNE')";

/**
 * The issue 6 queue targets of bench/run.mjs; `host` as for issue 5's `queueBench`
 * (bench/triage-throughput.mjs): `start`, `spawnChild`, `stop`, `cpuSeconds`, `register`,
 * `apiMain`, `workerMain`, `tmp`, `cpuProf`.
 */
export function vocalBench(host, options = {}) {
  const count = options.vocals ?? 300;
  const warmup = options.warmup ?? 20;
  const concurrency = options.concurrency ?? 20;
  const inFlight = options.inFlight ?? 8;
  const propertyCount = options.properties ?? 50;
  const noopItems = options.noopItems ?? 2000;
  const noopWarmup = options.noopWarmup ?? 200;
  const redis = benchRedis(options.redisUrl ?? 'redis://127.0.0.1:6379', 'bench6');
  const { prefix } = redis;
  const template = join(host.tmp, 'vocals-template.db');
  let fixture;

  /** The agency and its properties, the undescribed ones emptied, the voice notes; copied for each round. */
  async function setUp() {
    const { token, me } = await host.register(template);
    const orgId = me.organization.id;
    const seeded = await seedProperties(template, { orgId, agentId: me.user.id, count: propertyCount, seed: 11 });
    const agency = await prepareAgency(template, orgId);
    fixture = {
      token,
      orgId,
      counts: seeded.counts,
      agency,
      warmup: buildVocals(agency, warmup, 3, 'warmup'),
      measured: buildVocals(agency, count, 4, 'bench'),
    };
    return fixture;
  }

  function measureNoopRound(round) {
    // Payloads the shape of a stage job's.
    const payload = () => ({ orgId: uuidv7(), vocalId: uuidv7(), revision: 0 });
    return measureNoop(host, redis, {
      queuePrefix: `${prefix}.noop.${round}`,
      concurrency,
      warmup: noopWarmup,
      count: noopItems,
      stages: PIPELINE_STAGES,
      dedupe: true,
      payload,
      profName: `vocal-noop-worker-r${round}`,
    });
  }

  async function measurePipeline(round) {
    const dbFile = join(host.tmp, `vocals-${round}.db`);
    const storage = join(host.tmp, `vocal-storage-${round}`);
    copyDb(template, dbFile);
    mkdirSync(storage, { recursive: true });
    const env = {
      DATABASE_URL: dbFile,
      LOCAL_STORAGE_DIR: storage,
      LOG_LEVEL: 'info',
      ENABLE_QUEUE: 'true',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `${prefix}.vocals.${round}`,
      JOB_WORKER_CONCURRENCY: String(concurrency),
    };
    const api = await host.start(host.apiMain, { env, probe: '/health', nodeArgs: profArgs(host, `vocal-api-r${round}`) });
    const worker = host.spawnChild(host.workerMain, { env, nodeArgs: profArgs(host, `vocal-worker-r${round}`) });
    const db = createClient({ url: `file:${resolve(dbFile)}` });
    const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
    try {
      await waitForWorker(api.base, worker);
      await uploadAll(api.base, fixture.warmup, agent, new Map());
      await settled(db, fixture.orgId, worker);
      const cpu = { worker: host.cpuSeconds(worker.pid), api: host.cpuSeconds(api.child.pid), redis: await redis.cpuSeconds() };
      const ids = new Map();
      const started = now();
      const latencies = await uploadAll(api.base, fixture.measured, agent, ids);
      const posted = now();
      const ended = await settled(db, fixture.orgId, worker);
      const seconds = (ended - started) / 1000;
      const result = {
        items: count,
        seconds,
        rate: count / seconds,
        workerCpu: host.cpuSeconds(worker.pid) - cpu.worker,
        apiCpu: host.cpuSeconds(api.child.pid) - cpu.api,
        redisCpu: (await redis.cpuSeconds()) - cpu.redis,
        postSeconds: (posted - started) / 1000,
        postP50: percentile(latencies, 0.5),
        postP99: percentile(latencies, 0.99),
        outcome: await outcomes(db, fixture, ids),
      };
      result.jobs = result.outcome.stageJobs;
      if (result.outcome.errors > 0)
        throw new Error(`vocal-pipeline: ${result.outcome.errors} voice notes went to review with a processing error`);
      return result;
    } finally {
      agent.destroy();
      db.close();
      await host.stop(worker);
      await host.stop(api.child);
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
      rmSync(storage, { recursive: true, force: true });
    }
  }

  /** Raw-body uploads, `inFlight` at a time; `ids` maps each stored vocal's id to its note. */
  function uploadAll(base, list, agent, ids) {
    return inLanes(list, inFlight, async (note) => {
      const url = `${base}/api/v1/vocals/upload?fileName=${encodeURIComponent(note.fileName)}`;
      const { status, body } = await postWav(url, note.wav, fixture.token, agent);
      if (status !== 201) throw new Error(`POST /api/v1/vocals/upload answered ${status}: ${body.slice(0, 500)}`);
      const stored = JSON.parse(body);
      if (stored.status !== 'UPLOADED' || stored.size !== note.wav.length || stored.mimeType !== 'audio/wav') {
        throw new Error(`upload stored ${body.slice(0, 500)}; expected UPLOADED, ${note.wav.length} bytes, audio/wav`);
      }
      ids.set(stored.id, note);
    });
  }

  return {
    prefix,
    concurrency,
    inFlight,
    count,
    warmup,
    noopItems,
    noopWarmup,
    get fixture() {
      return fixture;
    },
    setUp,
    measure: (name, round) => (name === 'vocal-pipeline' ? measurePipeline(round) : measureNoopRound(round)),
    /** Deletes every key of this run: the BullMQ keys and heartbeats of every round. */
    cleanUp: redis.cleanUp,
  };
}

/** Waits until every voice note of the agency is INSIGHTS_READY or REVIEW_REQUIRED; answers the time it saw that. */
function settled(db, orgId, worker) {
  const open = async () =>
    Number(
      (await db.execute({ sql: `SELECT count(*) AS n FROM vocals WHERE org_id = ? AND status NOT IN ${DONE_STATUSES}`, args: [orgId] }))
        .rows[0].n,
    );
  return untilNoneLeft(open, worker, 'voice notes');
}

function postWav(url, wav, token, agent) {
  return new Promise((resolvePromise, reject) => {
    const headers = { 'content-type': 'audio/wav', 'content-length': wav.length, authorization: `Bearer ${token}` };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(wav);
  });
}

/** Stage jobs a note of each kind runs when it ends as meant (EXTRACT_INITIAL_VISIT is skipped for the other types). */
const STAGE_JOBS = { VISITE_INITIALE: 5, COMPTE_RENDU_VISITE_CLIENT: 4, VISITE_SUIVI: 4, INAUDIBLE: 1, UNKNOWN_ADDRESS: 3 };

/**
 * The outcome of the measured notes: status by kind, review reasons, type and property against
 * what the generator meant, and the stage jobs that makes (counted for the notes that ended as meant).
 */
async function outcomes(db, fixture, ids) {
  const { rows } = await db.execute({
    sql: "SELECT id, status, vocal_type, property_id, processing_error FROM vocals WHERE org_id = ? AND file_name LIKE 'bench-%'",
    args: [fixture.orgId],
  });
  if (rows.length !== ids.size || ids.size !== fixture.measured.length)
    throw new Error(`${rows.length} measured voice notes in the database, ${fixture.measured.length} uploaded`);
  const reasons = await db.execute({
    sql: "SELECT r.item_id, r.reason FROM review_items r JOIN vocals v ON v.id = r.item_id WHERE r.org_id = ? AND r.item_type = 'VOCAL' AND v.file_name LIKE 'bench-%'",
    args: [fixture.orgId],
  });
  const reasonsOf = new Map();
  const reviewReasons = {};
  for (const r of reasons.rows) {
    reasonsOf.set(r.item_id, [...(reasonsOf.get(r.item_id) ?? []), r.reason]);
    reviewReasons[r.reason] = (reviewReasons[r.reason] ?? 0) + 1;
  }
  const byKind = {};
  const split = { INSIGHTS_READY: 0, REVIEW_REQUIRED: 0 };
  let agreed = 0;
  let stageJobs = 0;
  let errors = 0;
  for (const row of rows) {
    const note = ids.get(row.id);
    const kind = (byKind[note.kind] ??= { notes: 0, INSIGHTS_READY: 0, REVIEW_REQUIRED: 0, asMeant: 0 });
    kind.notes++;
    kind[row.status] = (kind[row.status] ?? 0) + 1;
    split[row.status] = (split[row.status] ?? 0) + 1;
    if (row.processing_error || reasonsOf.get(row.id)?.includes('VOCAL_PROCESSING_ERROR')) errors++;
    const meant = note.expected;
    const ok =
      row.status === meant.status &&
      (row.vocal_type ?? null) === meant.vocalType &&
      (row.property_id ?? null) === meant.propertyId &&
      (!meant.reason || reasonsOf.get(row.id)?.includes(meant.reason));
    if (ok) {
      agreed++;
      kind.asMeant++;
      stageJobs += STAGE_JOBS[note.kind];
    }
  }
  return { split, byKind, agreed, reviewReasons, errors, stageJobs, stageJobsExact: agreed === rows.length };
}

/**
 * The agency as the notes need it: properties in PROSPECTION or MANDAT_SIGNE lose their details
 * (a first visit describes them); live properties with a unique address, their owners, price and kind.
 */
async function prepareAgency(dbFile, orgId) {
  const db = createClient({ url: `file:${resolve(dbFile)}` });
  try {
    await db.execute({ sql: `UPDATE properties SET details = '{}' WHERE org_id = ? AND status IN ${FRESH_STATUSES}`, args: [orgId] });
    const [properties, owners] = await db.batch(
      [
        {
          sql: 'SELECT id, title, address, postal_code, city, price, status FROM properties WHERE org_id = ? ORDER BY created_at',
          args: [orgId],
        },
        {
          sql: "SELECT pp.property_id, u.first_name, u.last_name FROM property_participants pp JOIN users u ON u.id = pp.user_id WHERE pp.org_id = ? AND pp.role = 'VENDEUR' ORDER BY pp.created_at",
          args: [orgId],
        },
      ],
      'read',
    );
    const addressCount = new Map();
    for (const p of properties.rows) addressCount.set(p.address, (addressCount.get(p.address) ?? 0) + 1);
    const ownerOf = new Map();
    for (const o of owners.rows) if (!ownerOf.has(o.property_id)) ownerOf.set(o.property_id, o);
    const usable = properties.rows
      .filter((p) => p.status !== 'ARCHIVE' && p.status !== 'VENDU' && addressCount.get(p.address) === 1)
      .map((p) => ({ ...p, price: Number(p.price), owner: ownerOf.get(p.id) }));
    const fresh = usable.filter((p) => FRESH_STATUSES.includes(`'${p.status}'`));
    if (fresh.length < 3) throw new Error(`only ${fresh.length} properties in ${FRESH_STATUSES}: too few for first visits`);
    return { properties: properties.rows.length, live: usable, fresh, owners: new Set(owners.rows.map((o) => o.last_name)) };
  } finally {
    db.close();
  }
}

// ---- The voice notes ------------------------------------------------------------------------

/**
 * A PCM 16-bit mono WAV of silence with `comment` as its LIST/INFO/ICMT tag (UTF-8, NUL-ended):
 * the mock provider's "sidecar transcript". The same bytes as `buildWav` of packages/ai/src/testing.
 */
export function wavWithComment(comment, seconds, sampleRate = 8000) {
  const chunk = (id, data) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'ascii');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const icmt = chunk('ICMT', Buffer.concat([Buffer.from(comment, 'utf8'), Buffer.alloc(1)]));
  const body = Buffer.concat([
    Buffer.from('WAVE', 'ascii'),
    chunk('fmt ', fmt),
    chunk('LIST', Buffer.concat([Buffer.from('INFO', 'ascii'), icmt])),
    chunk('data', Buffer.alloc(Math.round(sampleRate * seconds) * 2)),
  ]);
  return chunk('RIFF', body);
}

// Buyers and strangers: surnames that no owner of bench/seed-properties.mjs bears, so naming them points at no property.
const OTHER_NAMES = [
  'Carpentier',
  'Vasseur',
  'Lacroix',
  'Marchand',
  'Poirier',
  'Charpentier',
  'Renaud',
  'Barbier',
  'Arnaud',
  'Schmitt',
  'Colin',
  'Aubert',
  'Leclerc',
  'Hamon',
];
const UNKNOWN_STREETS = [
  'rue des Lices',
  'rue Molière',
  'avenue de Lattre de Tassigny',
  'rue des Tanneurs',
  'boulevard de la Liberté',
  'rue du Port',
];
const ORDINALS = ['premier', 'deuxième', 'troisième', 'quatrième', 'cinquième'];
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
/** "320 000 €". */
const euros = (n) => `${String(Math.round(n / 1000) * 1000).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

/** The kind of home a seeded title names, as said: [noun phrase, a flat?]. */
function homeOf(title) {
  const t = title.toLowerCase();
  if (t.startsWith('appartement') || t.startsWith('duplex') || t.startsWith('loft'))
    return [t.startsWith('appartement') ? "l'appartement" : t.startsWith('duplex') ? 'le duplex' : 'le loft', true];
  if (t.startsWith('studio')) return ['le studio', true];
  if (t.startsWith('local')) return ['le local', false];
  return ['la maison', false];
}

/**
 * The facts a first visit of property `p` gives, the same for every note about it (so a second
 * first-visit note agrees with what the first one wrote into the property). Its price is the
 * property's own.
 */
function factsOf(p, index) {
  const rand = random(1000 + index);
  const [home, flat] = homeOf(p.title);
  const rooms = 2 + Math.floor(rand() * 4);
  return {
    home,
    flat,
    rooms,
    bedrooms: rooms - 1,
    surface: (flat ? 25 : 70) + rooms * 12 + Math.floor(rand() * 15),
    land: 300 + Math.floor(rand() * 12) * 50,
    floor: ORDINALS[Math.floor(rand() * ORDINALS.length)],
    elevator: rand() < 0.5,
    dpe: 'BCDEF'[Math.floor(rand() * 5)],
    year: 1930 + Math.floor(rand() * 80),
    price: p.price,
  };
}

/**
 * `count` notes, deterministic for a `seed`: which kind, about which property, what is said, and
 * what it should end as. Weights: first visits 30% (on the undescribed properties), buyer visit
 * reports 30%, follow-up visits 30%, three "[inaudible]" in the transcript 5% (review at
 * TRANSCRIBE), a follow-up at an address the agency does not have 5% (review at DETECT_TYPE).
 */
export function buildVocals(agency, count, seed, namePrefix) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const civility = () => pick(['Madame', 'Monsieur']);
  const freshIndex = new Map(agency.fresh.map((p, i) => [p.id, i]));

  const firstVisit = () => {
    const p = pick(agency.fresh);
    const f = factsOf(p, freshIndex.get(p.id));
    const who = `${civility()} ${p.owner.last_name}`;
    const at = `${p.address} à ${p.city}, ${p.postal_code}`;
    const opening = pick([
      `Premier rendez-vous chez ${who} pour l'estimation de ${f.home === 'la maison' ? 'sa maison' : 'son bien'} au ${at}.`,
      `Premier rendez-vous avec ${who}, propriétaire du ${at}, pour un avis de valeur.`,
      `Rendez-vous de découverte du bien chez ${who} au ${at} : ils souhaitent vendre.`,
    ]);
    const description = f.flat
      ? `C'est un ${f.rooms} pièces de ${f.surface} m² au ${f.floor} étage ${f.elevator ? 'avec ascenseur' : 'sans ascenseur'}, ${f.bedrooms} chambre${f.bedrooms > 1 ? 's' : ''}, DPE classe ${f.dpe}.`
      : `C'est une maison de ${f.surface} m² sur un terrain de ${f.land} m², ${f.rooms} pièces dont ${f.bedrooms} chambres, construite en ${f.year}, DPE classe ${f.dpe}.`;
    const price = pick([
      `Ils souhaitent la mettre en vente autour de ${euros(f.price)}.`,
      `Le propriétaire voudrait le mettre en vente à ${euros(f.price)}.`,
    ]);
    const works = pick([
      'Quelques travaux de rafraîchissement à prévoir dans la salle de bain.',
      'Des travaux d’isolation sont à prévoir dans les combles.',
      'La cuisine est à rafraîchir.',
      '',
    ]);
    const next = pick([
      'Prochaine étape : lui envoyer le mandat de vente.',
      'Il faudra préparer le mandat exclusif et revenir faire les photos.',
      'Prochaine étape : envoyer le mandat et programmer les diagnostics.',
    ]);
    return {
      kind: 'VISITE_INITIALE',
      text: [opening, description, price, works, next].filter(Boolean).join(' '),
      expected: { status: 'INSIGHTS_READY', vocalType: 'VISITE_INITIALE', propertyId: p.id },
    };
  };

  const buyerReport = (p = pick(agency.live)) => {
    const [home] = homeOf(p.title);
    const buyers = pick([
      `Monsieur et Madame ${pick(OTHER_NAMES)}`,
      `Madame ${pick(OTHER_NAMES)}`,
      'un jeune couple de primo-accédants',
      `mes clients Monsieur et Madame ${pick(OTHER_NAMES)}`,
    ]);
    const text = [
      `Compte rendu de la visite avec ${buyers} pour ${home} du ${p.address} à ${p.city}.`,
      pick([
        'Ils ont beaucoup aimé la luminosité du séjour et le balcon.',
        'Ils ont aimé le calme et la cuisine refaite.',
        'Ils ont beaucoup apprécié le jardin et la vue dégagée.',
      ]),
      pick([
        'Par contre, la cuisine est jugée trop petite et ils trouvent le prix un peu élevé.',
        'Par contre, la chambre du fond est trop sombre.',
        'En revanche, ils trouvent les charges trop élevées.',
      ]),
      pick([
        `Leur budget est de ${euros(p.price * 0.92)} hors frais de notaire.`,
        'Leur budget est de cent soixante-dix-huit mille euros hors frais de notaire.',
        `Ils ont un accord de principe de leur banque pour ${euros(p.price * 0.95)}.`,
      ]),
      pick([
        'Ils souhaitent revenir samedi pour une contre-visite avec un artisan.',
        `Ils vont faire une offre d'ici ${pick(DAYS)}.`,
        'Ils doivent rappeler leur courtier avant de se positionner.',
      ]),
    ].join(' ');
    return {
      kind: 'COMPTE_RENDU_VISITE_CLIENT',
      text,
      expected: { status: 'INSIGHTS_READY', vocalType: 'COMPTE_RENDU_VISITE_CLIENT', propertyId: p.id },
    };
  };

  const followUp = (p = pick(agency.live), owner = p.owner.last_name) => {
    const [home] = homeOf(p.title);
    const text = [
      pick([
        `Deuxième passage chez ${civility()} ${owner}, ${p.address} à ${p.city}.`,
        `Visite de suivi au ${p.address} à ${p.city} avec ${civility()} ${owner}.`,
        `Nouveau passage à ${home} de ${civility()} ${owner}, ${p.address}.`,
      ]),
      pick([
        'Depuis la dernière visite, les travaux de toiture sont terminés.',
        'Depuis notre dernier passage, la cuisine a été repeinte.',
        'Depuis la dernière visite, les volets ont été remplacés.',
      ]),
      pick([
        `Le vendeur accepte de baisser le prix à ${euros(p.price * 0.95)}.`,
        'Toujours pas d’offre après une dizaine de visites, le vendeur est prêt à revoir le prix.',
        `Nouveau prix : ${euros(p.price * 0.93)}.`,
      ]),
      pick(['Le diagnostic amiante a été refait.', 'Les nouvelles photos sont faites.', '']),
      'Il faudra mettre à jour l’annonce et relancer les acquéreurs intéressés.',
    ]
      .filter(Boolean)
      .join(' ');
    return { kind: 'VISITE_SUIVI', text, expected: { status: 'INSIGHTS_READY', vocalType: 'VISITE_SUIVI', propertyId: p.id } };
  };

  const inaudible = () => {
    const note = rand() < 0.5 ? buyerReport() : followUp();
    const words = note.text.split(' ');
    for (const at of [0.25, 0.5, 0.75]) words.splice(Math.floor(words.length * at), 0, '[inaudible]');
    return {
      kind: 'INAUDIBLE',
      text: words.join(' '),
      expected: { status: 'REVIEW_REQUIRED', vocalType: null, propertyId: null, reason: 'VOCAL_LOW_CONFIDENCE' },
    };
  };

  const unknownAddress = () => {
    const p = pick(agency.live);
    const elsewhere = { ...p, address: `${200 + Math.floor(rand() * 50)} ${pick(UNKNOWN_STREETS)}` };
    const note = followUp(elsewhere, pick(OTHER_NAMES));
    return {
      kind: 'UNKNOWN_ADDRESS',
      text: note.text,
      expected: { status: 'REVIEW_REQUIRED', vocalType: 'VISITE_SUIVI', propertyId: null, reason: 'VOCAL_PROPERTY_NOT_FOUND' },
    };
  };

  const kinds = [
    [30, firstVisit],
    [30, () => buyerReport()],
    [30, () => followUp()],
    [5, inaudible],
    [5, unknownAddress],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  return Array.from({ length: count }, (_, i) => {
    let x = rand() * total;
    const [, make] = kinds.find(([w]) => (x -= w) < 0) ?? kinds.at(-1);
    const note = make();
    const seconds = 4 + Math.floor(rand() * 5);
    return { ...note, fileName: `${namePrefix}-${i}.wav`, wav: wavWithComment(note.text, seconds) };
  });
}
