import type { AddressInfo } from 'node:net';
import type { Connectors } from '@monimmo/connectors';
import { createCoreHarness, type CoreHarness } from '@monimmo/core/testing';
import { createApp, type App } from '../src/app.ts';
import { createLogger } from '@monimmo/core';
import { rest, type Host } from './client.ts';

export * from './client.ts';

export interface ApiHarness extends CoreHarness {
  baseUrl: string;
  server: App;
  stop(): Promise<void>;
}

/** The real HTTP server on 127.0.0.1 with a random port, over a fresh database (and the given connectors, if any). */
export async function startApi(
  env: Record<string, string> = {},
  logs?: { write(line: string): void },
  options: { connectors?: Connectors } = {},
): Promise<ApiHarness> {
  // With `logs`, the services log there too: what core logs is checked with what the host logs.
  const logger = logs ? createLogger('info', logs) : createLogger('silent');
  const core = await createCoreHarness(env, { ...options, ...(logs ? { logger } : {}) });
  const server = createApp({ ...core, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...core,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}

/** A property of the caller's agency, by REST; answers its id. */
export async function createProperty(on: Host, token: string): Promise<string> {
  const created = await rest<{ id: string }>(on, '/properties', {
    method: 'POST',
    token,
    body: {
      title: 'Maison de ville',
      address: '3 rue des Lices',
      postalCode: '84000',
      city: 'Avignon',
      price: 315000,
      details: { surface: 92, rooms: 4 },
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    },
  });
  if (created.status !== 201) throw new Error(`creating a property answered ${created.status}: ${created.text}`);
  return created.json.id;
}
