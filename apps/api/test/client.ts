import type { AppRouter } from '@monimmo/contract';
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';

/** Where a running API answers: a harness, or anything with its base URL. */
export interface Host {
  baseUrl: string;
}

/** A REST answer, its body parsed when it is JSON. */
export interface Answer<T = Record<string, unknown> & { id?: string }> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface RestInit {
  method?: string;
  /** Sent as `Authorization: Bearer …`. */
  token?: string | undefined;
  /** Plain values are sent as JSON; FormData, Buffer and strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

const raw = (body: unknown): body is FormData | Buffer | string | URLSearchParams =>
  body instanceof FormData || Buffer.isBuffer(body) || typeof body === 'string' || body instanceof URLSearchParams;

/** One call to the REST API under /api/v1. */
export async function rest<T = Answer['json']>(
  on: Host,
  path: string,
  { method = 'GET', token, body, headers = {} }: RestInit = {},
): Promise<Answer<T>> {
  const res = await fetch(`${on.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined || raw(body) ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : raw(body) ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parsed(text) as T };
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

let counter = 0;
/** Unique, valid registration data. */
export function newAgency(overrides: Record<string, string> = {}) {
  counter += 1;
  const tag = `${process.pid}-${Date.now()}-${counter}`;
  return {
    organizationName: `Agence Test ${tag}`,
    firstName: 'Élodie',
    lastName: 'Martin',
    email: `admin-${tag}@agence-test.fr`,
    password: 'motdepasse-solide',
    ...overrides,
  };
}

/** A signed-in user, as register and login answer. */
export interface Session {
  token: string;
  refreshToken: string;
  orgId: string;
  userId: string;
}

interface SessionBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
  organization: { id: string };
}

function session(answer: Answer<SessionBody>, what: string): Session {
  if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
  const { accessToken, refreshToken, user, organization } = answer.json;
  return { token: accessToken, refreshToken, orgId: organization.id, userId: user.id };
}

/** A new agency over REST (fresh, unique data unless overridden); answers its admin's session. */
export async function register(on: Host, overrides: Record<string, string> = {}): Promise<Session> {
  return session(await rest<SessionBody>(on, '/auth/register', { method: 'POST', body: newAgency(overrides) }), 'registering');
}

/** Signs in over REST. */
export async function login(on: Host, email: string, password: string): Promise<Session> {
  return session(await rest<SessionBody>(on, '/auth/login', { method: 'POST', body: { email, password } }), 'signing in');
}

export interface TrpcOptions {
  /** A fixed token, or read at each request (for a token that changes during the test). */
  token?: string | (() => string | undefined);
  /** One request per call instead of batching. */
  batch?: boolean;
  maxItems?: number;
  headers?: Record<string, string>;
}

/** The typed tRPC client the web app uses, on /trpc. */
export function trpcClient(on: Host, { token, batch = true, maxItems, headers = {} }: TrpcOptions = {}) {
  const url = `${on.baseUrl}/trpc`;
  const headersNow = () => {
    const t = typeof token === 'function' ? token() : token;
    return { ...(t ? { authorization: `Bearer ${t}` } : {}), ...headers };
  };
  return createTRPCClient<AppRouter>({
    links: [
      batch ? httpBatchLink({ url, headers: headersNow, ...(maxItems ? { maxItems } : {}) }) : httpLink({ url, headers: headersNow }),
    ],
  });
}
