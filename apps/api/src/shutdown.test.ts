import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from './shutdown.ts';

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('closeGracefully', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => (arrived = r));
    const server = createServer((_req, res) => {
      arrived();
      void gate.then(() => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;

    const pending = get(port);
    await inHandler;
    const closed = closeGracefully(server, 10_000);
    await expect(get(port)).rejects.toThrow();
    release();
    expect(await pending).toBe(200);
    await closed;
  });

  it('cuts requests still running after the timeout', async () => {
    let arrived!: () => void;
    const inHandler = new Promise<void>((r) => (arrived = r));
    const server = createServer(() => arrived()); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const pending = get(port).catch((e: Error) => e);
    await inHandler;
    await closeGracefully(server, 50);
    expect(await pending).toBeInstanceOf(Error);
  });
});
