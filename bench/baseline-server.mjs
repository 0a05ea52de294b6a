// Baseline for bench/run.mjs: a bare node:http server doing the work of `GET /me` by hand,
// with nothing of the API's framework around it. Same libraries as the API (resolved from the
// workspace packages that depend on them, so the versions match), same checks:
//   1. HS256 JWT verified with jose (same secret, issuer, audience, pinned algorithm);
//   2. the session + user query of `authenticate` (live session, active staff user);
//   3. the user row, then the organization row, as `me` reads them;
//   4. the same JSON body as REST `GET /api/v1/me`.
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

function send(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function me(req) {
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
  const user = (await client.execute({ sql: USER_SQL, args: [sub, org] })).rows[0];
  const organization = (await client.execute({ sql: ORG_SQL, args: [org] })).rows[0];
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

const server = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/me') return send(res, 404, { code: 'NOT_FOUND', message: 'Not found' });
  me(req).then(
    (body) => (body ? send(res, 200, body) : send(res, 401, { code: 'UNAUTHORIZED', message: 'Unauthorized' })),
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
