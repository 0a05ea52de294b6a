import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@monimmo/contract/errors';
import type { LocalStorage } from '../src/index.ts';

/**
 * What the API's download route does, on a bare node:http server: verify the signed URL, then
 * stream the object with the headers the verification gives.
 */
export async function serveLocalDownloads(storage: () => LocalStorage): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const local = storage();
      const download = local.verify(req.url ?? '/');
      const body = await local.get(download.key);
      res.writeHead(200, download.headers);
      await pipeline(body, res);
    } catch (error) {
      const status = error instanceof AppError ? error.status : 500;
      const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code }));
    }
  };
  // respond answers every failure itself; one while writing that answer breaks the connection.
  const server: Server = createServer((req, res) => void respond(req, res).catch((error: Error) => res.destroy(error)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
