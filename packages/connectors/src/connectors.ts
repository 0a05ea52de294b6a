import type { ConnectorAuth } from './authorized-fetch.ts';
import { GoogleCalendarClient } from './calendar.ts';
import { GmailClient } from './gmail.ts';
import { createMockRuntime, type MockRuntime, type MockRuntimeOptions } from './mock-runtime.ts';
import { GoogleOAuthClient } from './oauth.ts';
import { WhatsAppClient } from './whatsapp.ts';

export type ConnectorRuntime = 'mock' | 'live';

export interface LiveConnectorSettings {
  google: { clientId: string; clientSecret: string; tokenUrl?: string };
  whatsapp?: { accessToken: string; appSecret: string; verifyToken: string; baseUrl?: string };
  timeoutMs?: number;
}

/** What the app hosts wire into core: the same shape whichever runtime runs behind it. */
export interface Connectors {
  runtime: ConnectorRuntime;
  oauth: GoogleOAuthClient;
  gmail(auth: ConnectorAuth): GmailClient;
  calendar(auth: ConnectorAuth): GoogleCalendarClient;
  /** Null when WhatsApp is not configured. */
  whatsapp: { client: WhatsAppClient; appSecret: string; verifyToken: string } | null;
  /** The fakes and their sample data, in mock mode only. */
  mock: MockRuntime | null;
}

export function createConnectors(
  options: { runtime: 'mock'; mock?: MockRuntimeOptions } | ({ runtime: 'live' } & LiveConnectorSettings),
): Connectors {
  if (options.runtime === 'mock') {
    const mock = createMockRuntime(options.mock);
    const { appSecret, verifyToken } = mock.settings.whatsapp;
    return {
      runtime: 'mock',
      oauth: mock.oauth(),
      gmail: mock.gmail,
      calendar: mock.calendar,
      whatsapp: { client: mock.whatsappClient(), appSecret, verifyToken },
      mock,
    };
  }
  const http = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
  const { whatsapp } = options;
  return {
    runtime: 'live',
    oauth: new GoogleOAuthClient({ ...options.google, ...http }),
    gmail: (auth) => new GmailClient({ auth, ...http }),
    calendar: (auth) => new GoogleCalendarClient({ auth, ...http }),
    whatsapp: whatsapp
      ? {
          client: new WhatsAppClient({
            accessToken: whatsapp.accessToken,
            ...(whatsapp.baseUrl ? { baseUrl: whatsapp.baseUrl } : {}),
            ...http,
          }),
          appSecret: whatsapp.appSecret,
          verifyToken: whatsapp.verifyToken,
        }
      : null,
    mock: null,
  };
}
