// What the bare servers (bench/baseline-server.mjs, bench/sqlite-baseline-server.mjs) share with
// the API: its token check, the SQL drizzle generates for its reads (printed by `.toSQL()` of the
// queries in packages/core/src/auth/service.ts and properties/{list,detail,views}.ts), and the JSON
// it answers. Rows are read by position, as drizzle reads them, so one mapping serves
// better-sqlite3's raw arrays and @libsql/client's rows alike.
import { createSecretKey } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url);
const fromCore = createRequire(new URL('packages/core/package.json', root));
const { jwtVerify } = await import(pathToFileURL(fromCore.resolve('jose')).href);

const USER_COLUMNS =
  '"users"."id", "users"."org_id", "users"."account_type", "users"."role", "users"."first_name", "users"."last_name", ' +
  '"users"."email", "users"."email_normalized", "users"."phone", "users"."address", "users"."postal_code", "users"."city", ' +
  '"users"."password_hash", "users"."active", "users"."search_rowid", "users"."created_at", "users"."updated_at"';
const PROPERTY_COLUMNS =
  '"id", "org_id", "title", "address", "postal_code", "city", "price", "mandate_number", "details", "status", "search_rowid", ' +
  '"created_at", "updated_at"';
const LINK_COLUMNS = (table, extra) =>
  `"${table}"."id", "${table}"."org_id", "${table}"."property_id", "${table}"."user_id", "${table}"."${extra}", ` +
  `"${table}"."created_at", "${table}"."updated_at"`;

/** `authenticate`'s session check. */
export const SESSION_SQL =
  'select "users"."role", "users"."active", "sessions"."revoked_at" from "sessions" ' +
  'inner join "users" on "users"."id" = "sessions"."user_id" ' +
  'where ("sessions"."id" = ? and "sessions"."user_id" = ? and "sessions"."org_id" = ?)';
/** `me`: the user and its organization in one join. */
export const ME_SQL =
  `select ${USER_COLUMNS}, "organizations"."id", "organizations"."name", "organizations"."created_at" from "users" ` +
  'inner join "organizations" on "organizations"."id" = "users"."org_id" where ("users"."id" = ? and "users"."org_id" = ?)';
/** The list's single statement: a page of properties with their owners as a JSON array. */
export const LIST_WITH_OWNERS_SQL =
  `select ${PROPERTY_COLUMNS}, (select json_group_array(json(owner)) from (\n` +
  "  select json_object('id', u.id, 'accountType', u.account_type, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as owner\n" +
  '  from property_participants pp inner join users u on u.id = pp.user_id\n' +
  `  where pp.property_id = "properties"."id" and pp.role = 'VENDEUR'\n` +
  '  order by pp.created_at, pp.id)) from "properties" where "properties"."org_id" = ? ' +
  'order by "properties"."created_at" desc, "properties"."id" desc limit ?';
/** The detail's six reads. */
export const DETAIL_SQL = {
  property: `select ${PROPERTY_COLUMNS} from "properties" where ("properties"."id" = ? and "properties"."org_id" = ?)`,
  participants:
    `select ${LINK_COLUMNS('property_participants', 'role')}, ${USER_COLUMNS} from "property_participants" ` +
    'inner join "users" on "users"."id" = "property_participants"."user_id" where "property_participants"."property_id" = ? ' +
    'order by "property_participants"."created_at" asc, "property_participants"."id" asc',
  prospectCount: 'select count(*) from "property_prospects" where "property_prospects"."property_id" = ?',
  recentProspects:
    `select ${LINK_COLUMNS('property_prospects', 'note')}, ${USER_COLUMNS} from "property_prospects" ` +
    'inner join "users" on "users"."id" = "property_prospects"."user_id" where "property_prospects"."property_id" = ? ' +
    'order by "property_prospects"."created_at" desc, "property_prospects"."id" desc limit ?',
  timeline:
    'select "property_events"."id", "property_events"."org_id", "property_events"."property_id", "property_events"."type", ' +
    '"property_events"."from_status", "property_events"."to_status", "property_events"."actor_user_id", "property_events"."created_at", ' +
    '"property_events"."updated_at", "users"."id", "users"."first_name", "users"."last_name" from "property_events" ' +
    'left join "users" on "users"."id" = "property_events"."actor_user_id" where "property_events"."property_id" = ? ' +
    'order by "property_events"."created_at" asc, "property_events"."id" asc',
  documents:
    'select "type_document", count(*) from "files" where ("files"."property_id" = ? and "files"."org_id" = ?) ' +
    'group by "files"."type_document"',
};
export const RECENT_PROSPECTS = 10;

/**
 * The caller's claims as `createAccessTokens().verify` checks them (key imported once, HS256
 * pinned, issuer, audience, exp and sub required), or null.
 */
export function tokenVerifier({ secret, issuer, audience }) {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const options = { algorithms: ['HS256'], issuer, audience, requiredClaims: ['exp', 'sub'] };
  return async function claimsOf(authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    try {
      const { payload } = await jwtVerify(match[1], key, options);
      const { sub, org, sid } = payload;
      return typeof sub === 'string' && typeof org === 'string' && typeof sid === 'string'
        ? { userId: sub, orgId: org, sessionId: sid }
        : null;
    } catch {
      return null;
    }
  };
}

/** `authenticate`'s verdict on SESSION_SQL's row. */
export const liveSession = (row) => Boolean(row && !row[2] && row[1] && row[0]);

/** A ContactRef from the users columns starting at `at`. */
const contactAt = (r, at) => ({
  id: r[at],
  accountType: r[at + 2],
  firstName: r[at + 4],
  lastName: r[at + 5],
  email: r[at + 6],
  phone: r[at + 8],
});

/** GET /me from ME_SQL's row. */
export const meOf = (r) => ({
  user: {
    id: r[0],
    accountType: r[2],
    role: r[3],
    firstName: r[4],
    lastName: r[5],
    email: r[6],
    phone: r[8],
    address: r[9],
    postalCode: r[10],
    city: r[11],
    active: r[13] === 1,
    createdAt: r[15],
    updatedAt: r[16],
  },
  organization: { id: r[17], name: r[18], createdAt: r[19] },
});

/** A property (PROPERTY_COLUMNS first) with its owners. */
export const propertyOf = (r, owners) => ({
  id: r[0],
  title: r[2],
  address: r[3],
  postalCode: r[4],
  city: r[5],
  price: r[6],
  mandateNumber: r[7],
  details: JSON.parse(r[8]),
  status: r[9],
  owners,
  createdAt: r[11],
  updatedAt: r[12],
});

/**
 * A page of the list from LIST_WITH_OWNERS_SQL's rows (limit + 1 read), with the keyset cursor;
 * `ownersOf` for rows read without the owners' column.
 */
export function pageOf(rows, limit, ownersOf = (r) => JSON.parse(r[13])) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => propertyOf(r, ownersOf(r))),
    // As the API's cursor: base64url of [created_at, id] of the page's last row.
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last[11], last[0]])).toString('base64url') : null,
  };
}

/**
 * The detail from its six reads; `familyOf` and `families` are the contract's document families
 * (packages/contract/src/vocabulary/document-types.ts).
 */
export function detailOf({ property, participants, prospectCount, recentProspects, timeline, documents }, { familyOf, families }) {
  const documentCounts = Object.fromEntries(families.map((f) => [f, 0]));
  let unclassifiedDocuments = 0;
  // By index: @libsql/client's rows are not iterable.
  for (const d of documents) {
    const family = d[0] ? familyOf(d[0]) : undefined;
    if (family) documentCounts[family] += d[1];
    else unclassifiedDocuments += d[1];
  }
  const participantOf = (p) => ({ id: p[0], role: p[4], contact: contactAt(p, 7), createdAt: p[5] });
  return {
    ...propertyOf(
      property,
      participants.filter((p) => p[4] === 'VENDEUR').map((p) => contactAt(p, 7)),
    ),
    participants: participants.map(participantOf),
    prospectCount: prospectCount[0] ?? 0,
    recentProspects: recentProspects.map((p) => ({ id: p[0], contact: contactAt(p, 7), note: p[4], createdAt: p[5] })),
    timeline: timeline.map((e) => ({
      id: e[0],
      type: e[3],
      fromStatus: e[4],
      toStatus: e[5],
      actor: e[9] === null ? null : { id: e[9], firstName: e[10], lastName: e[11] },
      createdAt: e[7],
    })),
    documentCounts,
    unclassifiedDocuments,
  };
}

/** The routes both bare servers answer: `/me`, `/properties?limit=N`, `/properties/{id}`. */
export function routeOf(url) {
  const [path, query] = (url ?? '/').split('?', 2);
  if (path === '/me') return { name: 'me' };
  if (path === '/properties') return { name: 'list', params: new URLSearchParams(query) };
  const detail = /^\/properties\/([^/]+)$/.exec(path);
  return detail ? { name: 'detail', id: decodeURIComponent(detail[1]) } : null;
}

/**
 * Serves `answer(req) → [status, body]` as JSON on 127.0.0.1:`port` until SIGTERM or SIGINT, then
 * runs `close` (the database) and exits.
 */
export function serveJson(answer, { port, name, close }) {
  const send = (res, status, body) => {
    const payload = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  };
  const server = createServer((req, res) => {
    answer(req).then(
      ([status, body]) => send(res, status, body),
      (error) => send(res, 500, { code: 'INTERNAL_ERROR', message: String(error) }),
    );
  });
  server.listen(port, '127.0.0.1', () => console.log(`${name} listening on ${server.address().port}`));
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      server.closeAllConnections();
      server.close(() => {
        close();
        process.exit(0);
      });
    });
  }
}
