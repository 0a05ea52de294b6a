import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAsset } from '@monimmo/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startMainProcess } from './main-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'monimmo-public-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pdf = seedAsset('mandat.pdf');

describe('the API on a port other than 3000', () => {
  it('signs download URLs that point at itself, with no address configured', async () => {
    const port = await freePort();
    const main = startMainProcess({ PORT: String(port), DATABASE_URL: join(dir, 'app.db'), LOCAL_STORAGE_DIR: join(dir, 'storage') });
    try {
      const base = await main.listening;
      expect(base).toBe(`http://127.0.0.1:${port}`);
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          organizationName: 'Agence du Port',
          firstName: 'Inès',
          lastName: 'Marchand',
          email: 'ines@agence-du-port.fr',
          password: 'mot-de-passe-ines',
        }),
      });
      const { accessToken } = (await registered.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      const uploaded = await fetch(`${base}/api/v1/files/upload?fileName=mandat.pdf`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/pdf' },
        body: pdf,
      });
      expect(uploaded.ok).toBe(true);
      const { id } = (await uploaded.json()) as { id: string };
      const { url } = (await (await fetch(`${base}/api/v1/files/${id}/download-url`, { headers: auth })).json()) as { url: string };

      // The URL is fetched exactly as given: no rewriting of its origin.
      expect(url.startsWith(`${base}/storage/`)).toBe(true);
      const download = await fetch(url);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    } finally {
      await main.stop();
    }
  });
});
