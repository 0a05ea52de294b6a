import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMockRuntime,
  GmailClient,
  GoogleCalendarClient,
  GoogleOAuthClient,
  type Connectors,
  type MockRuntime,
} from '@monimmo/connectors';
import type { Actor, PropertyDetail } from '@monimmo/contract';
import { integrations } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { pino, type Logger } from 'pino';
import { createCoreHarness, requestInfo, type CoreHarness } from './harness.ts';
import { createCredentialsBox, type GoogleCredentials, type WhatsAppCredentials } from '../src/integrations/credentials.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
}

/**
 * The mock runtime's in-process fetch with scripted failures in front of it, as the connectors'
 * own tests do with their HTTP fakes: `failNext` answers the next matching requests itself.
 */
export function scriptedFetch(inner: typeof fetch) {
  type Respond = (request: Request, pass: (request: Request) => Promise<Response>) => Response | Promise<Response>;
  const scripts: { match: (url: URL, method: string) => boolean; respond: Respond; times: number }[] = [];
  const requests: RecordedRequest[] = [];
  const scripted: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push({ method: request.method, url });
    const script = scripts.find((s) => s.times > 0 && s.match(url, request.method));
    if (script) {
      script.times -= 1;
      return script.respond(request, inner);
    }
    return inner(request);
  };
  return {
    fetch: scripted,
    requests,
    failNext(match: (url: URL, method: string) => boolean, respond: Respond, times = 1) {
      scripts.push({ match, respond, times });
    },
    count(match: (r: RecordedRequest) => boolean): number {
      return requests.filter(match).length;
    },
  };
}
export type ScriptedFetch = ReturnType<typeof scriptedFetch>;

/** Connectors over a mock runtime the test holds, Google's requests going through a scripted fetch. */
export function testConnectors(runtime: MockRuntime = createMockRuntime()): {
  connectors: Connectors;
  runtime: MockRuntime;
  script: ScriptedFetch;
} {
  const script = scriptedFetch(runtime.fetch);
  const { google, whatsapp } = runtime.settings;
  const connectors: Connectors = {
    runtime: 'mock',
    oauth: new GoogleOAuthClient({ ...google, fetch: script.fetch }),
    gmail: (auth) => new GmailClient({ auth, fetch: script.fetch }),
    calendar: (auth) => new GoogleCalendarClient({ auth, fetch: script.fetch }),
    whatsapp: { client: runtime.whatsappClient(), appSecret: whatsapp.appSecret, verifyToken: whatsapp.verifyToken },
    mock: runtime,
  };
  return { connectors, runtime, script };
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger whose lines the test reads. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

export interface IntegrationHarness extends CoreHarness {
  connectors: Connectors;
  runtime: MockRuntime;
  script: ScriptedFetch;
  lines: LogLine[];
}

/** The core harness over test connectors and a logger the test reads; retries in milliseconds. */
export async function integrationHarness(env: Record<string, string> = {}, runtime?: MockRuntime): Promise<IntegrationHarness> {
  const { connectors, runtime: mock, script } = testConnectors(runtime);
  const { logger, lines } = memoryLogger();
  const h = await createCoreHarness({ JOB_BACKOFF_DELAY_MS: '1', ...env }, { connectors, logger });
  return Object.assign(h, { connectors, runtime: mock, script, lines });
}

let counter = 0;

/** A new agency and its administrator. */
export async function agency(h: Pick<CoreHarness, 'services'>, name = 'Vieux-Port Immobilier'): Promise<Actor> {
  counter += 1;
  const session = await h.services.auth.register(
    {
      organizationName: name,
      firstName: 'Sophie',
      lastName: 'Marchand',
      email: `sophie-${counter}-${process.pid}@vieuxport-immobilier.fr`,
      password: 'mot-de-passe-sophie',
    },
    requestInfo(),
  );
  return h.services.auth.authenticate(session.accessToken);
}

/** The demo agency's mandates that the mock runtime's e-mails and appointments talk about. */
export async function mandates(
  h: CoreHarness,
  actor: Actor,
): Promise<Record<'sainte' | 'longchamp' | 'studio' | 'cassis' | 'roux', PropertyDetail>> {
  const create = (input: Parameters<CoreHarness['services']['properties']['create']>[1]) => h.services.properties.create(actor, input);
  return {
    sainte: await create({
      title: 'Appartement T3 lumineux, rue Sainte',
      address: '14 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      mandateNumber: 'MV-2026-014',
      owner: { firstName: 'Jean-Pierre', lastName: 'Fabre', email: 'jp.fabre@orange.fr', phone: '06 11 22 33 44' },
    }),
    longchamp: await create({
      title: 'Maison de ville avec jardin',
      address: '3 boulevard Longchamp',
      postalCode: '13001',
      city: 'Marseille',
      mandateNumber: 'MV-2026-021',
      owner: { firstName: 'Élise', lastName: 'Château', email: 'elise.chateau@free.fr' },
    }),
    studio: await create({
      title: 'Studio étudiant proche Saint-Charles',
      address: '27 rue Bernard du Bois',
      postalCode: '13001',
      city: 'Marseille',
      mandateNumber: 'MV-2026-030',
      owner: { firstName: 'Mathieu', lastName: 'Ollivier', email: 'mathieu.ollivier@laposte.net', phone: '06 47 12 85 30' },
    }),
    cassis: await create({
      title: 'Villa vue mer avec piscine',
      address: '9 avenue de l’Amiral Ganteaume',
      postalCode: '13260',
      city: 'Cassis',
      mandateNumber: 'MV-2026-007',
      owner: { firstName: 'Claire', lastName: 'Daumas', email: 'claire.daumas@wanadoo.fr', phone: '06 80 44 21 09' },
    }),
    roux: await create({
      title: 'Maison avenue Jean Jaurès',
      address: '8 avenue Jean Jaurès',
      postalCode: '49000',
      city: 'Angers',
      owner: { firstName: 'Bernard', lastName: 'Roux', email: 'bernard.roux49@orange.fr' },
    }),
  };
}

/** Connects Gmail or Calendar through the fake consent, and waits for the first sync and its AI work. */
export async function connectGoogle(h: CoreHarness, actor: Actor, provider: 'gmail' | 'google-calendar') {
  const view = await h.services.integrations.connect(actor, { provider, code: `4/0consent-${provider}` });
  await h.queue.idle();
  return view;
}

/** Connects WhatsApp with the mock runtime's credentials, and waits for the first pull and its AI work. */
export async function connectWhatsApp(h: IntegrationHarness, actor: Actor) {
  const { phoneNumberId, accessToken, appSecret, verifyToken } = h.runtime.settings.whatsapp;
  const view = await h.services.integrations.connect(actor, { provider: 'whatsapp', phoneNumberId, accessToken, appSecret, verifyToken });
  await h.queue.idle();
  return view;
}

export async function integrationRow(h: CoreHarness, orgId: string, provider: 'GMAIL' | 'GOOGLE_CALENDAR' | 'WHATSAPP') {
  const rows = await h.database.db.select().from(integrations).where(eq(integrations.orgId, orgId));
  const row = rows.find((r) => r.provider === provider);
  if (!row) throw new Error(`no ${provider} integration`);
  return row;
}

/** The stored tokens, opened as the server would. */
export async function storedCredentials<T extends GoogleCredentials | WhatsAppCredentials>(
  h: CoreHarness,
  orgId: string,
  provider: 'GMAIL' | 'GOOGLE_CALENDAR' | 'WHATSAPP',
): Promise<T> {
  const row = await integrationRow(h, orgId, provider);
  return createCredentialsBox(h.config.INTEGRATION_TOKEN_SECRET).open<T>(row.encryptedCredentials!, row).credentials;
}

/** Every byte SQLite keeps on disk for this database: the file and its write-ahead log. */
export function databaseBytes(h: CoreHarness): Buffer {
  const path = join(h.dir, 'app.db');
  const read = (p: string) => {
    try {
      return readFileSync(p);
    } catch {
      return Buffer.alloc(0);
    }
  };
  return Buffer.concat([read(path), read(`${path}-wal`)]);
}

/** Every message of a channel, all pages. */
export const allMessages = async (h: CoreHarness, actor: Actor, channel: 'GMAIL' | 'WHATSAPP') => {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await h.services.messages.list(actor, { channel, limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

/** An error answer the way Google's JSON APIs give it. */
export const googleError =
  (status: number, reason: string, headers: Record<string, string> = {}) =>
  (): Response =>
    new Response(
      JSON.stringify({
        error: { code: status, message: reason, errors: [{ reason, message: reason, domain: 'global' }], status: 'ERROR' },
      }),
      {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      },
    );

/** Requests to a path (its end), optionally only those asking for a next page. */
export const isPath =
  (path: string, withPageToken?: boolean) =>
  (url: URL): boolean =>
    url.pathname.endsWith(path) && (withPageToken === undefined || url.searchParams.has('pageToken') === withPageToken);

/** A short e-mail from an owner to the agency. */
export const mail = (subject: string, date = new Date()) => ({
  from: { name: 'Jean-Pierre Fabre', address: 'jp.fabre@orange.fr' },
  to: [{ name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' }],
  subject,
  date,
  text: `${subject} : merci de me rappeler.`,
});
