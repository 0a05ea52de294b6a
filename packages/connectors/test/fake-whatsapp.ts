import { FakeWhatsApp, type FakeWhatsAppOptions } from '../src/fake/whatsapp.ts';
import { WhatsAppClient } from '../src/whatsapp.ts';
import { serve, type ScriptedServer } from './http-server.ts';

export interface FakeWhatsAppServer extends ScriptedServer {
  fake: FakeWhatsApp;
  client: WhatsAppClient;
}

/** The Graph API media endpoints and download URLs on 127.0.0.1, with scriptable failures. */
export async function startFakeWhatsApp(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsAppServer> {
  const fake = new FakeWhatsApp(options);
  const server = await serve(fake.handle);
  const client = new WhatsAppClient({ baseUrl: `${server.origin}/v21.0`, accessToken: fake.accessToken });
  return { ...server, fake, client };
}
