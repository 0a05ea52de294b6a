// The limit for bench/run.mjs's reads: a bare node:http server over better-sqlite3 with every
// statement prepared once, doing the API's work for `GET /me`, `GET /properties?limit=N` and
// `GET /properties/{id}` with nothing around it: the token checked with jose as the API checks it,
// `authenticate`'s session read, the API's own SQL (bench/bare-reads.mjs) and the same JSON.
// Run with `--import tsx`: the document families come from the contract's TypeScript source.
// Env: DATABASE_URL (SQLite file path), PORT, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE.
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DOCUMENT_FAMILY_NAMES, familyOf } from '../packages/contract/src/vocabulary/document-types.ts';
import {
  DETAIL_SQL,
  LIST_WITH_OWNERS_SQL,
  ME_SQL,
  RECENT_PROSPECTS,
  SESSION_SQL,
  detailOf,
  liveSession,
  meOf,
  pageOf,
  routeOf,
  serveJson,
  tokenVerifier,
} from './bare-reads.mjs';

const { DATABASE_URL, PORT = '0', JWT_SECRET, JWT_ISSUER = 'monimmo', JWT_AUDIENCE = 'monimmo-api' } = process.env;
if (!DATABASE_URL || !JWT_SECRET) throw new Error('DATABASE_URL and JWT_SECRET are required');

// As the API's connections: WAL journal (set by the migrations), busy timeout.
const db = new Database(resolve(DATABASE_URL.replace(/^file:/, '')), { timeout: 10_000 });
/** Prepared once; rows as arrays, as drizzle reads them. */
const keep = (sql) => db.prepare(sql).raw(true);
const session = keep(SESSION_SQL);
const me = keep(ME_SQL);
const list = keep(LIST_WITH_OWNERS_SQL);
const detail = Object.fromEntries(Object.entries(DETAIL_SQL).map(([name, sql]) => [name, keep(sql)]));
const families = { familyOf, families: DOCUMENT_FAMILY_NAMES };
const claimsOf = tokenVerifier({ secret: JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE });

function readDetail(id, orgId) {
  const property = detail.property.get(id, orgId);
  if (!property) return null;
  const reads = {
    property,
    participants: detail.participants.all(id),
    prospectCount: detail.prospectCount.get(id),
    recentProspects: detail.recentProspects.all(id, RECENT_PROSPECTS),
    timeline: detail.timeline.all(id),
    documents: detail.documents.all(id, orgId),
  };
  return detailOf(reads, families);
}

async function answer(req) {
  const route = req.method === 'GET' ? routeOf(req.url) : null;
  if (!route) return [404, { code: 'NOT_FOUND', message: 'Not found' }];
  const claims = await claimsOf(req.headers.authorization);
  if (!claims || !liveSession(session.get(claims.sessionId, claims.userId, claims.orgId)))
    return [401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }];
  if (route.name === 'me') {
    const row = me.get(claims.userId, claims.orgId);
    return row ? [200, meOf(row)] : [401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }];
  }
  if (route.name === 'list') {
    const limit = Number(route.params.get('limit') ?? 20);
    return [200, pageOf(list.all(claims.orgId, limit + 1), limit)];
  }
  const body = readDetail(route.id, claims.orgId);
  return body ? [200, body] : [404, { code: 'NOT_FOUND', message: 'Property not found' }];
}

serveJson(answer, { port: Number(PORT), name: 'better-sqlite3 baseline', close: () => db.close() });
