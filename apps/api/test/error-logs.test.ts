import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgency, startApi, type ApiHarness } from './harness.ts';

let api: ApiHarness;
const logs: string[] = [];

beforeAll(async () => {
  api = await startApi({}, { write: (line) => void logs.push(line) });
  // Every new user row now fails inside SQLite: a failed query whose parameters are personal data.
  await api.database.client.execute("CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
});
afterAll(() => api.stop());

describe('a failed query in the logs', () => {
  it.each([
    ['REST', '/api/v1/auth/register'],
    ['tRPC', '/trpc/auth.register'],
  ])('%s: the 500 is logged with the SQL but without its parameters', async (_transport, path) => {
    const input = newAgency({ email: `confidentiel-${Date.now()}@exemple.fr`, lastName: 'Nom-Très-Personnel' });
    const requestId = `req-sql-${path.length}`;
    const res = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(500);
    const line = logs.find((l) => l.includes(requestId) && l.includes('unhandled error'));
    expect(line).toBeDefined();
    // The statement stays, for whoever debugs; the values (e-mail, name, password hash) do not.
    expect(line).toContain('Failed query: insert into');
    expect(line).toContain('params: [redacted]');
    for (const secret of ['confidentiel-', 'Nom-Très-Personnel', '$argon2']) expect(line).not.toContain(secret);
  });
});
