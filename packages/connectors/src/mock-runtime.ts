import type { ConnectorAuth } from './authorized-fetch.ts';
import { GoogleCalendarClient } from './calendar.ts';
import type { EventSpec } from './fake/calendar.ts';
import type { EmailSpec } from './fake/compose.ts';
import { FakeGoogle } from './fake/google.ts';
import type { Handler } from './fake/http.ts';
import { FakeWhatsApp, type InboundSpec } from './fake/whatsapp.ts';
import { GmailClient } from './gmail.ts';
import { AGENCY_MAILBOX, sampleEmails, sampleEvents, sampleWhatsAppMessages } from './mock-data/samples.ts';
import { GoogleOAuthClient } from './oauth.ts';
import { parseWebhook, verifySignature, WhatsAppClient, type WhatsAppInboundMessage } from './whatsapp.ts';

export interface MockRuntimeOptions {
  /** The sample data is dated around this instant; now by default. */
  now?: Date;
  /** Page size ceiling of the fake providers, small so the cursor logic always runs. */
  pageSize?: number;
}

export interface MockRuntime {
  /** A fetch that answers the providers' hosts from the fakes in this process; anything else fails. */
  readonly fetch: typeof fetch;
  /** Resolves once the sample data is in place (every request through `fetch` waits for it). */
  readonly ready: Promise<void>;
  readonly google: FakeGoogle;
  readonly whatsapp: FakeWhatsApp;
  readonly settings: {
    google: { clientId: string; clientSecret: string };
    whatsapp: { accessToken: string; appSecret: string; verifyToken: string; phoneNumberId: string };
  };
  oauth(): GoogleOAuthClient;
  /** Google's consent screen at this URL, accepted at once: the address it sends the browser back to. */
  consent(url: string): Promise<string>;
  gmail(auth: ConnectorAuth): GmailClient;
  calendar(auth: ConnectorAuth): GoogleCalendarClient;
  whatsappClient(): WhatsAppClient;
  /** A new e-mail arrives in the mailbox, for the next incremental sync to find. */
  addEmail(spec: EmailSpec): Promise<{ id: string; historyId: string }>;
  addEvent(spec: EventSpec): string;
  cancelEvent(id: string): void;
  /** A WhatsApp message reaches the agency's number. */
  receiveWhatsApp(spec: InboundSpec): { id: string; mediaId: string | null };
  /**
   * The WhatsApp webhook deliveries since `cursor`, each checked and parsed by the same code as the
   * real webhook route (Meta pushes; in mock mode the sync pulls instead).
   */
  pullWhatsApp(options: { cursor: string | null; limit?: number }): {
    messages: WhatsAppInboundMessage[];
    nextCursor: string;
    hasMore: boolean;
  };
}

const WHATSAPP_VERIFY_TOKEN = 'monimmo-mock-verify-token';

/**
 * CONNECTOR_RUNTIME=mock: the fake providers mounted behind an in-process fetch (no socket, no
 * network), seeded with the demo agency's French sample data. The clients are the real ones, so
 * tokens, pagination, cursors and MIME decoding run exactly as against Google and Meta.
 */
export function createMockRuntime(options: MockRuntimeOptions = {}): MockRuntime {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? 3;
  const google = new FakeGoogle({
    maxPageSize: pageSize,
    emailAddress: AGENCY_MAILBOX.address,
    owner: { email: AGENCY_MAILBOX.address, name: AGENCY_MAILBOX.name },
  });
  const whatsapp = new FakeWhatsApp({ mediaOrigin: 'https://lookaside.fbsbx.com' });

  for (const event of sampleEvents(now)) google.calendar.upsertEvent(event);
  for (const message of sampleWhatsAppMessages(now)) {
    const { id } = whatsapp.receive(message);
    // A receipt for a message the agency sent, which the import must ignore.
    if (message.name === 'Karim Benali') whatsapp.receiveStatus(id.replace('wamid.', 'wamid.OUT'), message.phone, 'read', message.at);
  }
  const ready = (async () => {
    for (const email of sampleEmails(now)) await google.gmail.addEmail(email);
  })();

  const hosts: Record<string, Handler> = {
    'accounts.google.com': google.handle,
    'oauth2.googleapis.com': google.handle,
    'gmail.googleapis.com': google.handle,
    'www.googleapis.com': google.handle,
    'graph.facebook.com': whatsapp.handle,
    'lookaside.fbsbx.com': whatsapp.handle,
  };
  const mockFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const handler = hosts[new URL(request.url).hostname];
    if (!handler) throw new TypeError(`fetch failed: the mock runtime does not serve ${new URL(request.url).host}`);
    await ready;
    request.signal.throwIfAborted();
    return handler(request);
  };

  const settings = {
    google: { clientId: google.oauth.clientId, clientSecret: google.oauth.clientSecret },
    whatsapp: {
      accessToken: whatsapp.accessToken,
      appSecret: whatsapp.appSecret,
      verifyToken: WHATSAPP_VERIFY_TOKEN,
      phoneNumberId: whatsapp.phoneNumberId,
    },
  };

  return {
    fetch: mockFetch,
    ready,
    google,
    whatsapp,
    settings,
    oauth: () => new GoogleOAuthClient({ ...settings.google, fetch: mockFetch }),
    consent: async (url) => {
      const answer = await mockFetch(url);
      const location = answer.headers.get('location');
      if (answer.status !== 302 || !location) throw new Error(`the fake consent screen refused: ${answer.status} ${await answer.text()}`);
      return location;
    },
    gmail: (auth) => new GmailClient({ auth, fetch: mockFetch }),
    calendar: (auth) => new GoogleCalendarClient({ auth, fetch: mockFetch }),
    whatsappClient: () => new WhatsAppClient({ accessToken: whatsapp.accessToken, fetch: mockFetch }),
    addEmail: async (spec) => {
      await ready;
      return google.gmail.addEmail(spec);
    },
    addEvent: (spec) => google.calendar.upsertEvent(spec),
    cancelEvent: (id) => google.calendar.cancelEvent(id),
    receiveWhatsApp: (spec) => {
      const { id, mediaId } = whatsapp.receive(spec);
      return { id, mediaId };
    },
    pullWhatsApp: ({ cursor, limit }) => {
      const page = whatsapp.pullDeliveries({ cursor, ...(limit ? { limit } : { limit: pageSize }) });
      const messages = page.deliveries.flatMap((d) =>
        verifySignature(d.rawBody, d.signature, whatsapp.appSecret) ? parseWebhook(JSON.parse(d.rawBody.toString('utf8'))) : [],
      );
      return { messages, nextCursor: page.nextCursor, hasMore: page.hasMore };
    },
  };
}
