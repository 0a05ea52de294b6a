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
//      JSON together), to tell the host's cost from the SQL's.
// Env: DATABASE_URL (SQLite file path), PORT, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const fromCore = createRequire(new URL('packages/core/package.json', root));
const fromDb = createRequire(new URL('packages/db/package.json', root));
const { jwtVerify } = await import(pathToFileURL(fromCore.resolve('jose')).href);
const { createClient } = fromDb('@libsql/client');

const { DATABASE_URL, PORT = '0', JWT_SECRET, JWT_ISSUER = 'monimmo', JWT_AUDIENCE = 'monimmo-api' } = process.env;
if (!DATABASE_URL || !JWT_SECRET) throw new Error('DATABASE_URL and JWT_SECRET are required');

// As packages/db createDb: a file URL and the busy timeout.
const client = createClient({ url: `file:${resolve(DATABASE_URL)}`, timeout: 10_000 });
const key = new TextEncoder().encode(JWT_SECRET);
const verifyOptions = { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };

// The SQL drizzle generates for the API's queries (column lists included).
const SESSION_SQL =
  'select "users"."role", "users"."active", "sessions"."revoked_at" from "sessions" ' +
  'inner join "users" on "users"."id" = "sessions"."user_id" ' +
  'where ("sessions"."id" = ? and "sessions"."user_id" = ? and "sessions"."org_id" = ?)';
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

// The API's single statement (packages/core/src/properties/service.ts: listColumns).
const LIST_WITH_OWNERS_SQL =
  'select "id", "org_id", "title", "address", "postal_code", "city", "price", "mandate_number", "details", "status", "search_rowid", ' +
  '"created_at", "updated_at", (select json_group_array(json(owner)) from (\n' +
  "  select json_object('id', u.id, 'accountType', u.account_type, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as owner\n" +
  '  from property_participants pp inner join users u on u.id = pp.user_id\n' +
  `  where pp.property_id = "properties"."id" and pp.role = 'VENDEUR'\n` +
  '  order by pp.created_at, pp.id)) from "properties" where "properties"."org_id" = ? ' +
  'order by "properties"."created_at" desc, "properties"."id" desc limit ?';

function send(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The caller as `authenticate` checks it: a valid token for a live session of an active staff user. */
async function actorOf(req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return null;
  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], key, verifyOptions));
  } catch {
    return null;
  }
  const { sub, org, sid } = payload;
  if (typeof sub !== 'string' || typeof org !== 'string' || typeof sid !== 'string') return null;
  const session = (await client.execute({ sql: SESSION_SQL, args: [sid, sub, org] })).rows[0];
  if (!session || session.revoked_at || !session.active || !session.role) return null;
  return { userId: sub, orgId: org };
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
  const rows = (await client.execute({ sql: ownersInline ? LIST_WITH_OWNERS_SQL : LIST_SQL, args: [orgId, limit + 1] })).rows;
  const page = rows.slice(0, limit);
  // The API's statement leaves its 14th column unnamed (drizzle gives `sql` fields no alias).
  const owners = new Map(page.map((r) => [r.id, ownersInline ? JSON.parse(r[13]) : []]));
  if (page.length > 0 && !ownersInline) {
    const found = await client.execute({ sql: ownersSql(page.length), args: [...owners.keys(), 'VENDEUR'] });
    for (const u of found.rows) {
      owners
        .get(u.property_id)
        ?.push({ id: u.id, accountType: u.account_type, firstName: u.first_name, lastName: u.last_name, email: u.email, phone: u.phone });
    }
  }
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      address: r.address,
      postalCode: r.postal_code,
      city: r.city,
      price: r.price,
      mandateNumber: r.mandate_number,
      details: JSON.parse(r.details),
      status: r.status,
      owners: owners.get(r.id),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    // As the API's keyset cursor: base64url of [created_at, id] of the page's last row.
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url') : null,
  };
}

async function handle(req) {
  const [path, query] = (req.url ?? '/').split('?', 2);
  if (req.method !== 'GET' || (path !== '/me' && path !== '/properties')) return [404, { code: 'NOT_FOUND', message: 'Not found' }];
  const actor = await actorOf(req);
  const params = new URLSearchParams(query);
  const body = !actor
    ? null
    : path === '/me'
      ? await me(actor)
      : await properties(actor, Number(params.get('limit') ?? 20), params.get('owners') === 'subquery');
  return body ? [200, body] : [401, { code: 'UNAUTHORIZED', message: 'Unauthorized' }];
}

const server = createServer((req, res) => {
  handle(req).then(
    ([status, body]) => send(res, status, body),
    (error) => send(res, 500, { code: 'INTERNAL_ERROR', message: String(error) }),
  );
});

server.listen(Number(PORT), '127.0.0.1', () => console.log(`baseline listening on ${server.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => {
      client.close();
      process.exit(0);
    });
  });
}
