import type { AddressInfo } from 'node:net';
import { createCoreHarness, type CoreHarness } from '../../../packages/core/test/harness.ts';
import { createApp, type App } from '../src/app.ts';
import { createLogger } from '@monimmo/core';

export interface ApiHarness extends CoreHarness {
  baseUrl: string;
  server: App;
  stop(): Promise<void>;
}

/** The real HTTP server on 127.0.0.1 with a random port, over a fresh database. */
export async function startApi(env: Record<string, string> = {}, logs?: { write(line: string): void }): Promise<ApiHarness> {
  // With `logs`, the services log there too: what core logs is checked with what the host logs.
  const logger = logs ? createLogger('info', logs) : createLogger('silent');
  const core = await createCoreHarness(env, logs ? { logger } : {});
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
      core.close();
    },
  };
}

/** A property of the caller's agency, by REST; answers its id. */
export async function createProperty(on: ApiHarness, token: string): Promise<string> {
  const res = await fetch(`${on.baseUrl}/api/v1/properties`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Maison de ville',
      address: '3 rue des Lices',
      postalCode: '84000',
      city: 'Avignon',
      price: 315000,
      details: { surface: 92, rooms: 4 },
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    }),
  });
  if (res.status !== 201) throw new Error(`creating a property answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
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
