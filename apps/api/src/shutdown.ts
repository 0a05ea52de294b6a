import type { Server } from 'node:http';

/** How long the answers to requests still running after the grace period (`beforeCut`) may take. */
const ANSWER_GRACE_MS = 5000;

/**
 * Stops accepting connections, lets in-flight requests finish, and after `timeoutMs` gives
 * `beforeCut` a moment to answer what it can (uploads still arriving: 503, their bytes dropped),
 * then cuts whatever is left. Keep-alive sockets are closed as soon as they go idle, else a
 * client holding one open would keep the process alive until the timeout.
 */
export function closeGracefully(server: Server, timeoutMs: number, beforeCut: () => Promise<void> = async () => undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const answered = beforeCut().catch(() => undefined);
      const late = new Promise((done) => setTimeout(done, ANSWER_GRACE_MS).unref());
      void Promise.race([answered, late]).then(() => server.closeAllConnections());
    }, timeoutMs);
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    timer.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
  });
}
