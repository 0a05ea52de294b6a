// Baseline for bench/run.mjs: a bare node:http server doing the work of two API reads by hand,
// with nothing of the API's framework around it. Same libraries as the API (resolved from the
// workspace packages that depend on them, so the versions match), same checks:
//   1. HS256 JWT verified with jose (same secret, issuer, audience, pinned algorithm);
//   2. the session + user query of `authenticate` (live session, active staff user);
//   3. `GET /me`: the user row, then the organization row, as `me` reads them, and the same
//      JSON body as REST `GET /api/v1/me` (issue 3);
//      `GET /properties?limit=N`: the agency's N newest properties (all columns, the keyset
//      order), then their owners (VENDEUR participants with their contact) in one query, and
//      the same JSON body as REST `GET /api/v1/properties?limit=N` (issue 4);
//      with `&owners=subquery`, the single statement the API runs instead (rows and owners as
//      JSON together), to tell the host's cost from the SQL's;
//      `GET /properties/{id}`: the API's six detail reads (bench/bare-reads.mjs), same JSON.
// Run with `--import tsx`: the detail's document families come from the contract's TypeScript source.
// Env: DATABASE_URL (SQLite file path), PORT, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DOCUMENT_FAMILY_NAMES, familyOf } from '../packages/contract/src/vocabulary/document-types.ts';
import {
  DETAIL_SQL,
  LIST_WITH_OWNERS_SQL,
  RECENT_PROSPECTS,
  SESSION_SQL,
  detailOf,
  liveSession,
  pageOf,
  routeOf,
  serveJson,
  tokenVerifier,
} from './bare-reads.mjs';

const root = new URL('..', import.meta.url);
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { createClient } = fromDb('@libsql/client');

const { DATABASE_URL, PORT = '0', JWT_SECRET, JWT_ISSUER = 'monimmo', JWT_AUDIENCE = 'monimmo-api' } = process.env;
if (!DATABASE_URL || !JWT_SECRET) throw new Error('DATABASE_URL and JWT_SECRET are required');

// As packages/db createDb: a file URL and the busy timeout.
const client = createClient({ url: `file:${resolve(DATABASE_URL)}`, timeout: 10_000 });
const claimsOf = tokenVerifier({ secret: JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE });

// The SQL drizzle generated for the API's queries before `me` became one join and the list one statement.
const USER_SQL =
  'select "id", "org_id", "account_type", "role", "first_name", "last_name", "email", "email_normalized", "phone", ' +
  '"address", "postal_code", "city", "password_hash", "active", "created_at", "updated_at" ' +
  'from "users" where ("users"."id" = ? and "users"."org_id" = ?)';
const ORG_SQL = 'select "id", "name", "created_at", "updated_at" from "organizations" where "organizations"."id" = ?';
const LIST_SQL =
  'select "id", "org_id", "title", "address", "postal_code", "city", "price", "mandate_number", "details", "status", "search_rowid", ' +
  '"created_at", "updated_at" from "properties" where "properties"."org_id" = ? ' +
  'order by "properties"."created_at" desc, "properties"."id" desc limit ?';
/** The owners of a page of properties: one placeholder per property id. */
const ownersSql = (n) =>
  'select "property_participants"."property_id", "users"."id", "users"."org_id", "users"."account_type", "users"."role", ' +
  '"users"."first_name", "users"."last_name", "users"."email", "users"."email_normalized", "users"."phone", "users"."address", ' +
  '"users"."postal_code", "users"."city", "users"."password_hash", "users"."active", "users"."search_rowid", "users"."created_at", ' +
  '"users"."updated_at" from "property_participants" inner join "users" on "users"."id" = "property_participants"."user_id" ' +
  `where ("property_participants"."property_id" in (${Array(n).fill('?').join(', ')}) and "property_participants"."role" = ?) ` +
  'order by "property_participants"."created_at" asc';

/** The caller as `authenticate` checks it: a valid token for a live session of an active staff user. */
async function actorOf(req) {
  const claims = await claimsOf(req.headers.authorization);
  if (!claims) return null;
  const session = (await client.execute({ sql: SESSION_SQL, args: [claims.sessionId, claims.userId, claims.orgId] })).rows[0];
  return liveSession(session) ? claims : null;
}

async function me({ userId, orgId }) {
  const user = (await client.execute({ sql: USER_SQL, args: [userId, orgId] })).rows[0];
  const organization = (await client.execute({ sql: ORG_SQL, args: [orgId] })).rows[0];
  if (!user || !organization) return null;
  return {
    user: {
      id: user.id,
      accountType: user.account_type,
      role: user.role,
      firstName: user.first_name,
      lastName: user.last_name,
      email: user.email,
      phone: user.phone,
      address: user.address,
      postalCode: user.postal_code,
      city: user.city,
      active: user.active === 1,
      createdAt: user.created_at,
      updatedAt: user.updated_at,
    },
    organization: { id: organization.id, name: organization.name, createdAt: organization.created_at },
  };
}

async function properties({ orgId }, limit, ownersInline) {
  if (ownersInline) return pageOf((await client.execute({ sql: LIST_WITH_OWNERS_SQL, args: [orgId, limit + 1] })).rows, limit);
  const rows = (await client.execute({ sql: LIST_SQL, args: [orgId, limit + 1] })).rows;
  const owners = new Map(rows.slice(0, limit).map((r) => [r.id, []]));
  if (owners.size > 0) {
    const found = await client.execute({ sql: ownersSql(owners.size), args: [...owners.keys(), 'VENDEUR'] });
    for (const u of found.rows) {
      owners
        .get(u.property_id)
        ?.push({ id: u.id, accountType: u.account_type, firstName: u.first_name, lastName: u.last_name, email: u.email, phone: u.phone });
    }
  }
  return pageOf(rows, limit, (r) => owners.get(r.id));
}

const families = { familyOf, families: DOCUMENT_FAMILY_NAMES };
const read = async (name, ...args) => (await client.execute({ sql: DETAIL_SQL[name], args })).rows;

async function propertyDetail({ orgId }, id) {
  const [property] = await read('property', id, orgId);
  if (!property) return null;
  const [participants, [prospectCount], recentProspects, timeline, documents] = await Promise.all([
    read('participants', id),
    read('prospectCount', id),
    read('recentProspects', id, RECENT_PROSPECTS),
    read('timeline', id),
    read('documents', id, orgId),
  ]);
  return detailOf({ property, participants, prospectCount, recentProspects, timeline, documents }, families);
}

async function handle(req) {
  const route = req.method === 'GET' ? routeOf(req.url) : null;
  if (!route) return [404, { code: 'NOT_FOUND', message: 'Not found' }];
  const actor = await actorOf(req);
  if (!actor) return [401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }];
  if (route.name === 'detail') {
    const body = await propertyDetail(actor, route.id);
    return body ? [200, body] : [404, { code: 'NOT_FOUND', message: 'Property not found' }];
  }
  const body =
    route.name === 'me'
      ? await me(actor)
      : await properties(actor, Number(route.params.get('limit') ?? 20), route.params.get('owners') === 'subquery');
  return body ? [200, body] : [401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }];
}

serveJson(handle, { port: Number(PORT), name: 'baseline', close: () => client.close() });
