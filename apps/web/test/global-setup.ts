import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopPdfWorker } from '@monimmo/ai';
import { startApi } from '@monimmo/api/testing';
import type { TestProject } from 'vitest/node';

/** One real API for the web project's tests (each test signs up its own agency). */
export default async function setup(project: TestProject) {
  // Tests sign agencies up from addresses of their own, through the loopback as a trusted proxy.
  const api = await startApi({ TRUST_PROXY: 'loopback' });
  project.provide('apiUrl', api.baseUrl);
  // The e-mails the API delivered (links in clear), for tests that follow one: the outbox keeps
  // them masked, and this array lives in this process, not in the test files' workers.
  const mailbox = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(api.mail));
  });
  await new Promise<void>((resolve) => mailbox.listen(0, '127.0.0.1', resolve));
  project.provide('mailboxUrl', `http://127.0.0.1:${(mailbox.address() as AddressInfo).port}`);
  return async () => {
    mailbox.closeAllConnections();
    await new Promise<void>((resolve) => mailbox.close(() => resolve()));
    await api.stop();
    // The API ran in this process: its PDF reader thread would keep vitest from exiting.
    await stopPdfWorker();
  };
}
