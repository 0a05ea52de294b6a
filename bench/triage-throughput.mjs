// Issue 5's benchmark: message triage through the queue, end to end (`POST /api/v1/messages` →
// Redis → `apps/worker` → SQLite, mock AI), against BullMQ no-op jobs on the same Redis, in
// the same run (bench/run.mjs, targets `bullmq-noop` and `triage`, rounds interleaved with the
// other targets).
//
// - bullmq-noop: a worker process (bench/queue-common.mjs, `node bench/queue-common.mjs noop-worker`)
//   consumes a queue with a handler that does nothing; the bench process adds the jobs with one
//   `addBulk` (job options as the app's: uuidv7 ids, 3 attempts, exponential backoff, the
//   default removeOnComplete/removeOnFail counts). Timed from just before the addBulk to the
//   worker's `completed` event of the last job (the worker reports its clock over IPC).
// - triage: an agency with a realistic data set (bench/seed-properties.mjs, 150 properties by
//   default), an API process and one worker process (`apps/worker/dist/main.js`) with
//   ENABLE_QUEUE on, then 5,000 French messages (owners writing from their e-mail or phone,
//   buyers and prospects on WhatsApp, strangers quoting an address or a mandate number,
//   strangers with nothing to go on) POSTed with a bounded number in flight. Timed from the
//   first POST to the moment no message of the agency is PENDING any more (read-only polls of
//   the SQLite file every 10 ms, once every POST has been answered).
//
// Both use one worker process with the same concurrency (BENCH_QUEUE_CONCURRENCY, default 20),
// a warm-up batch first (same processes, not timed), and each round its own Redis prefix and,
// for triage, a fresh copy of the seeded database. Every Redis key of the run starts with one
// prefix, removed at the end (also on failure and Ctrl-C) through `cleanUp()`.
import { rmSync } from 'node:fs';
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
import { CITIES, FIRST_NAMES, LAST_NAMES, random, seedProperties } from './seed-properties.mjs';

const root = new URL('..', import.meta.url);
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { createClient } = fromDb('@libsql/client');

/**
 * The queue targets of bench/run.mjs. `host` lends run.mjs's process handling, so every child
 * is stopped by its clean-up: `start(script, { env, nodeArgs, probe })` for a server,
 * `spawnChild(script, { env, nodeArgs, args, ipc })` for the others, `stop(child)`,
 * `cpuSeconds(pid)`, `register(dbFile)` (migrates a new file and registers an agency),
 * `apiMain`, `workerMain`, `tmp`, `cpuProf` (a folder, or undefined).
 */
export function queueBench(host, options = {}) {
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const count = options.messages ?? 5000;
  const warmup = options.warmup ?? 250;
  const concurrency = options.concurrency ?? 20;
  const inFlight = options.inFlight ?? 32;
  const propertyCount = options.properties ?? 150;
  const redis = benchRedis(redisUrl, 'bench5');
  const { prefix } = redis;
  const template = join(host.tmp, 'triage-template.db');
  let fixture;

  /** The agency, its properties and people, the messages; the seeded file copied for each round. */
  async function setUp() {
    const { token, me } = await host.register(template);
    const orgId = me.organization.id;
    const seeded = await seedProperties(template, { orgId, agentId: me.user.id, count: propertyCount, seed: 7 });
    const people = await readDataSet(template, orgId);
    fixture = {
      token,
      orgId,
      counts: seeded.counts,
      live: people.properties.filter((p) => p.status !== 'ARCHIVE').length,
      warmup: buildMessages(people, warmup, 1, 'warmup'),
      measured: buildMessages(people, count, 2, 'bench'),
    };
    return fixture;
  }

  function measureNoopRound(round) {
    // Payloads the size of the triage job's (two uuids).
    const payload = () => ({ orgId: uuidv7(), messageId: uuidv7() });
    return measureNoop(host, redis, {
      queuePrefix: `${prefix}.noop.${round}`,
      concurrency,
      warmup,
      count,
      payload,
      profName: `noop-worker-r${round}`,
    });
  }

  async function measureTriage(round) {
    const dbFile = join(host.tmp, `triage-${round}.db`);
    copyDb(template, dbFile);
    const env = {
      DATABASE_URL: dbFile,
      LOG_LEVEL: 'info',
      ENABLE_QUEUE: 'true',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `${prefix}.triage.${round}`,
      JOB_WORKER_CONCURRENCY: String(concurrency),
    };
    const api = await host.start(host.apiMain, { env, probe: '/health', nodeArgs: profArgs(host, `triage-api-r${round}`) });
    const worker = host.spawnChild(host.workerMain, { env, nodeArgs: profArgs(host, `triage-worker-r${round}`) });
    const db = createClient({ url: `file:${resolve(dbFile)}` });
    const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
    try {
      await waitForWorker(api.base, worker);
      await postAll(api.base, fixture.warmup, agent);
      await drained(db, fixture.orgId, worker);
      const cpu = { worker: host.cpuSeconds(worker.pid), api: host.cpuSeconds(api.child.pid), redis: await redis.cpuSeconds() };
      const started = now();
      const latencies = await postAll(api.base, fixture.measured, agent);
      const posted = now();
      const ended = await drained(db, fixture.orgId, worker);
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
        outcome: await outcomes(db, fixture),
      };
      if (result.outcome.errors > 0) throw new Error(`triage: ${result.outcome.errors} messages went to review with a processing error`);
      return result;
    } finally {
      agent.destroy();
      db.close();
      await host.stop(worker);
      await host.stop(api.child);
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    }
  }

  function postAll(base, list, agent) {
    return inLanes(list, inFlight, async (message) => {
      const { status, body } = await postJson(`${base}/api/v1/messages`, message.input, fixture.token, agent);
      if (status !== 201) throw new Error(`POST /api/v1/messages answered ${status}: ${body.slice(0, 500)}`);
    });
  }

  return {
    prefix,
    concurrency,
    inFlight,
    count,
    warmup,
    get fixture() {
      return fixture;
    },
    setUp,
    measure: (name, round) => (name === 'triage' ? measureTriage(round) : measureNoopRound(round)),
    /** Deletes every key of this run: the BullMQ keys and heartbeats of every round. */
    cleanUp: redis.cleanUp,
  };
}

/** Waits until no message of the agency is PENDING; answers the time it saw that. */
function drained(db, orgId, worker) {
  const pending = async () =>
    Number(
      (await db.execute({ sql: "SELECT count(*) AS n FROM messages WHERE org_id = ? AND ai_status = 'PENDING'", args: [orgId] })).rows[0].n,
    );
  return untilNoneLeft(pending, worker, 'messages');
}

function postJson(url, payload, token, agent) {
  const body = JSON.stringify(payload);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The outcome of the measured messages: the split, review reasons, and agreement with the intended answer. */
async function outcomes(db, fixture) {
  const { rows } = await db.execute({
    sql: "SELECT external_id, ai_status, property_id FROM messages WHERE org_id = ? AND external_id LIKE 'bench-%'",
    args: [fixture.orgId],
  });
  const byId = new Map(rows.map((r) => [r.external_id, r]));
  const reasons = await db.execute({
    sql:
      "SELECT r.reason, count(*) AS n FROM review_items r JOIN messages m ON m.id = r.item_id WHERE r.org_id = ? AND r.item_type = 'MESSAGE' " +
      "AND m.external_id LIKE 'bench-%' GROUP BY r.reason ORDER BY n DESC",
    args: [fixture.orgId],
  });
  const split = { PROCESSED: 0, REVIEW_REQUIRED: 0, PENDING: 0 };
  let agreed = 0;
  let missing = 0;
  for (const m of fixture.measured) {
    const row = byId.get(m.input.externalId);
    if (!row) {
      missing++;
      continue;
    }
    split[row.ai_status]++;
    if (m.expected ? row.ai_status === 'PROCESSED' && row.property_id === m.expected : row.ai_status === 'REVIEW_REQUIRED') agreed++;
  }
  if (missing > 0) throw new Error(`${missing} measured messages are not in the database`);
  const reviewReasons = Object.fromEntries(reasons.rows.map((r) => [r.reason, Number(r.n)]));
  return { split, agreed, reviewReasons, errors: reviewReasons.MESSAGE_PROCESSING_ERROR ?? 0 };
}

/** The seeded agency as the messages need it: properties with their people, and buyers linked to nothing. */
export async function readDataSet(dbFile, orgId) {
  const db = createClient({ url: `file:${resolve(dbFile)}` });
  try {
    const person = 'u.id AS user_id, u.first_name, u.last_name, u.email, u.phone';
    const [properties, participants, prospects, loose] = await db.batch(
      [
        {
          sql: 'SELECT id, title, address, postal_code, city, mandate_number, status FROM properties WHERE org_id = ? ORDER BY created_at',
          args: [orgId],
        },
        {
          sql: `SELECT pp.property_id, pp.role, ${person} FROM property_participants pp JOIN users u ON u.id = pp.user_id WHERE pp.org_id = ?`,
          args: [orgId],
        },
        {
          sql: `SELECT pr.property_id, 'PROSPECT' AS role, ${person} FROM property_prospects pr JOIN users u ON u.id = pr.user_id WHERE pr.org_id = ?`,
          args: [orgId],
        },
        {
          sql:
            `SELECT ${person} FROM users u WHERE u.org_id = ? AND u.account_type = 'CLIENT' ` +
            'AND u.id NOT IN (SELECT user_id FROM property_participants) AND u.id NOT IN (SELECT user_id FROM property_prospects)',
          args: [orgId],
        },
      ],
      'read',
    );
    const live = new Set(properties.rows.filter((p) => p.status !== 'ARCHIVE').map((p) => p.id));
    // The one live property a person is linked to, if exactly one: what their messages should be attached to.
    const linked = new Map();
    for (const link of [...participants.rows, ...prospects.rows]) {
      if (!live.has(link.property_id)) continue;
      const set = linked.get(link.user_id) ?? new Set();
      linked.set(link.user_id, set.add(link.property_id));
    }
    const homeOf = (userId) => (linked.get(userId)?.size === 1 ? [...linked.get(userId)][0] : null);
    const addressCount = new Map();
    for (const p of properties.rows) if (live.has(p.id)) addressCount.set(p.address, (addressCount.get(p.address) ?? 0) + 1);
    return {
      properties: properties.rows.map((p) => ({ ...p, live: live.has(p.id), uniqueAddress: addressCount.get(p.address) === 1 })),
      owners: participants.rows.filter((p) => p.role === 'VENDEUR').map((p) => ({ ...p, home: homeOf(p.user_id) })),
      prospects: prospects.rows.map((p) => ({ ...p, home: homeOf(p.user_id) })),
      loose: loose.rows,
    };
  } finally {
    db.close();
  }
}

// ---- The messages -------------------------------------------------------------------------

const GREETINGS = ['Bonjour,', 'Bonjour Madame,', 'Bonjour Monsieur,', 'Bonsoir,', 'Madame, Monsieur,'];
const CLOSINGS = ['Cordialement,', 'Bien cordialement,', 'Bien à vous,', 'Merci par avance,', 'Bonne journée,'];
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const OWNER_SUBJECTS = [
  'Question sur la vente',
  'Visites de la semaine',
  'Diagnostics',
  'Re: Compte rendu de visite',
  'Baisse de prix ?',
  'Clés du logement',
  'Re: Offre reçue',
];
const OWNER_LINES = [
  'Avez-vous eu des retours après les visites de {day} ? Nous nous demandons si une baisse de prix est à envisager.',
  'Je vous transmets le diagnostic amiante que vous m’aviez demandé. Le plombier passe {day} pour la fuite de la salle de bains.',
  'C’est d’accord pour la visite de {day} à 18 h, je laisserai les volets ouverts.',
  'Le notaire m’a appelé au sujet du compromis : pouvez-vous me dire où en est le financement de l’acquéreur ?',
  'Nous partons en vacances la semaine prochaine, les clés sont chez la gardienne si besoin pour les visites.',
  'Pourriez-vous retirer l’annonce du site en attendant que les travaux de peinture soient terminés ?',
];
const OWNER_CHATS = [
  'Bonjour, c’est {first} {last}. Le serrurier passe demain matin, vous pourrez récupérer les clés à partir de 14h 👍',
  'Bonsoir, des nouvelles de l’offre ? Merci',
  'Ok pour {day} 10h, je serai là',
  'Bonjour, l’acheteur de {day} a-t-il rappelé ? On est prêts à discuter du prix',
  'Je vous envoie les photos du jardin refait ce soir',
];
const PROSPECT_CHATS = [
  'Bonjour, nous sommes toujours intéressés par le bien. Serait-il possible de le revisiter {day} avec mon conjoint ?',
  'Bonjour, je voudrais faire une offre, comment procède-t-on ? Notre banque a donné son accord de principe.',
  'Bonsoir, est-ce que le propriétaire a répondu à notre proposition ?',
  'Bonjour, pouvez-vous m’envoyer le montant de la taxe foncière et des charges ? Merci !',
];
const STRANGER_LINES = [
  'Je cherche un appartement T3 à {city} avec balcon, budget 280 000 €. Avez-vous quelque chose qui pourrait correspondre ?',
  'Je souhaite faire estimer ma maison à {city}, quand pourriez-vous passer ?',
  'Recherchons une maison avec jardin, 4 chambres, secteur {city}, pour la rentrée. Merci de nous tenir informés.',
  'Votre agence gère-t-elle aussi la location ? Je suis propriétaire d’un studio et je cherche un gestionnaire.',
  'Je suis artisan peintre et je propose mes services aux agences du secteur, n’hésitez pas à me contacter.',
];
const WROTE = (day) => `Le ${day} 4 nov. 2025 à 09:41, Agence du Banc <contact@agence-du-banc.fr> a écrit :`;

const asciiEmail = (text) =>
  text
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s/g, '-')
    .toLowerCase();
/** "06 12 34 56 78" as a WhatsApp id: "+33 6 12 34 56 78", half the time. */
const whatsapp = (phone, rand) => (rand() < 0.5 ? phone : `+33 ${phone.slice(1)}`);
/** The street as people write it: abbreviated, in capitals, without accents, or as the agency wrote it. */
function streetAsWritten(address, rand) {
  const r = rand();
  if (r < 0.25)
    return address
      .replace(/^(\d+) rue /, '$1 r. ')
      .replace(/avenue/, 'av.')
      .replace(/boulevard/, 'bd');
  if (r < 0.4) return address.toUpperCase();
  if (r < 0.55) return address.normalize('NFD').replace(/\p{M}/gu, '');
  return address;
}
/** "MV-2025-00042" as written in a notary's letter: as is, lower case or with spaces. */
function mandateAsWritten(mandate, rand) {
  const r = rand();
  if (r < 0.3) return mandate.toLowerCase();
  if (r < 0.5) return mandate.replace(/-/g, ' ');
  return mandate;
}

/**
 * `count` messages, deterministic for a `seed`: who writes, through which channel, what they say,
 * and the property the message is meant for (null: it should wait for a person). Weights: owners
 * by e-mail 25%, owners on WhatsApp 10%, prospects 10%, buyers linked to nothing 5%, strangers
 * quoting an address 15%, notaries quoting a mandate number 15%, a street without its number 5%,
 * strangers with nothing to go on 15%.
 */
export function buildMessages(people, count, seed, idPrefix) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const liveProperties = people.properties.filter((p) => p.live);
  const withMandate = liveProperties.filter((p) => p.mandate_number);
  const ownersByEmail = people.owners.filter((o) => o.email);
  const ownersByPhone = people.owners.filter((o) => o.phone);
  const prospects = people.prospects.filter((p) => p.phone);
  const loose = people.loose.filter((p) => p.phone);
  const propertyOf = new Map(people.properties.map((p) => [p.id, p]));
  const stranger = () => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const n = Math.floor(rand() * 1000);
    return {
      first,
      last,
      email: asciiEmail(`${first}.${last}${n}@${pick(['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'hotmail.fr'])}`),
    };
  };
  const letter = (lines, signature) => [pick(GREETINGS), '', ...lines, '', pick(CLOSINGS), signature].join('\n');

  const kinds = [
    [
      25,
      () => {
        const o = pick(ownersByEmail);
        const other = pick(people.properties);
        const body = letter([fill(pick(OWNER_LINES), { day: pick(DAYS) })], `${o.first_name} ${o.last_name}`);
        // One reply in three carries the agency's quoted message, which names another property.
        const quoted =
          rand() < 0.33
            ? `\n\n${WROTE(pick(DAYS))}\n> Bonjour,\n> Un couple souhaite visiter le bien du ${other.address} à ${other.city}.\n> Bien à vous`
            : '';
        return {
          input: {
            channel: 'GMAIL',
            fromAddress: o.email,
            fromName: `${o.first_name} ${o.last_name}`,
            subject: pick(OWNER_SUBJECTS),
            body: body + quoted,
          },
          expected: o.home,
        };
      },
    ],
    [
      10,
      () => {
        const o = pick(ownersByPhone);
        return {
          input: {
            channel: 'WHATSAPP',
            fromAddress: whatsapp(o.phone, rand),
            fromName: `${o.first_name} ${o.last_name}`,
            body: fill(pick(OWNER_CHATS), { first: o.first_name, last: o.last_name, day: pick(DAYS) }),
          },
          expected: o.home,
        };
      },
    ],
    [
      10,
      () => {
        const p = pick(prospects);
        return {
          input: {
            channel: 'WHATSAPP',
            fromAddress: whatsapp(p.phone, rand),
            fromName: p.first_name,
            body: fill(pick(PROSPECT_CHATS), { day: pick(DAYS) }),
          },
          expected: p.home,
        };
      },
    ],
    [
      5,
      () => {
        const p = pick(loose);
        return {
          input: { channel: 'WHATSAPP', fromAddress: whatsapp(p.phone, rand), body: fill(pick(STRANGER_LINES), { city: pick(CITIES)[0] }) },
          expected: null,
        };
      },
    ],
    [
      15,
      () => {
        const p = pick(liveProperties);
        const s = stranger();
        const line = `Je suis intéressé${rand() < 0.5 ? 'e' : ''} par le bien du ${streetAsWritten(p.address, rand)} à ${p.city} (${p.postal_code}) vu sur Leboncoin. Est-il toujours disponible ? Une visite ${pick(DAYS)} serait possible ?`;
        return {
          input: {
            channel: 'GMAIL',
            fromAddress: s.email,
            fromName: `${s.first} ${s.last}`,
            subject: 'Demande de visite',
            body: letter([line], `${s.first} ${s.last}`),
          },
          expected: p.uniqueAddress ? p.id : null,
        };
      },
    ],
    [
      15,
      () => {
        const p = pick(withMandate);
        const last = pick(LAST_NAMES);
        const mandate = mandateAsWritten(p.mandate_number, rand);
        const body = letter(
          [
            `Dans le dossier suivi sous le mandat n° ${mandate}, pourriez-vous nous adresser le titre de propriété et les diagnostics avant la signature du compromis ?`,
          ],
          `Maître ${last}\nOffice notarial ${last} et associés`,
        );
        return {
          input: {
            channel: 'GMAIL',
            fromAddress: asciiEmail(`office.${last}@notaires.fr`),
            fromName: `Maître ${last}`,
            subject: `Mandat ${mandate} – pièces pour le compromis`,
            body,
          },
          expected: p.id,
        };
      },
    ],
    [
      5,
      () => {
        const p = pick(liveProperties);
        const street = p.address.replace(/^\d+\s+/, '');
        const s = stranger();
        return {
          input: {
            channel: 'GMAIL',
            fromAddress: s.email,
            subject: 'Panneau à vendre',
            body: letter([`Je passe souvent ${street}, j’ai vu votre panneau « À vendre ». Pouvez-vous m’en dire plus ?`], s.first),
          },
          expected: null,
        };
      },
    ],
    [
      15,
      () => {
        const s = stranger();
        const city = pick(CITIES)[0];
        if (rand() < 0.3)
          return {
            input: {
              channel: 'WHATSAPP',
              fromAddress: `06 ${String(Math.floor(rand() * 1e8))
                .padStart(8, '0')
                .replace(/(\d\d)(?=\d)/g, '$1 ')}`,
              body: fill(pick(STRANGER_LINES), { city }),
            },
            expected: null,
          };
        return {
          input: {
            channel: 'GMAIL',
            fromAddress: s.email,
            fromName: `${s.first} ${s.last}`,
            subject: 'Recherche',
            body: letter([fill(pick(STRANGER_LINES), { city })], `${s.first} ${s.last}`),
          },
          expected: null,
        };
      },
    ],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  const messages = [];
  for (let i = 0; i < count; i++) {
    let x = rand() * total;
    const [, make] = kinds.find(([w]) => (x -= w) < 0) ?? kinds.at(-1);
    const m = make();
    m.input.externalId = `${idPrefix}-${i}`;
    // Intended for an archived property: the AI does not see it, a person decides.
    if (m.expected && !propertyOf.get(m.expected)?.live) m.expected = null;
    messages.push(m);
  }
  return messages;
}
