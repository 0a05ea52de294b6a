import type { Server } from 'node:http';

/**
 * Stops accepting connections, lets in-flight requests finish, and after `timeoutMs`
 * cuts whatever is left. Keep-alive sockets are closed as soon as they go idle, else a
 * client holding one open would keep the process alive until the timeout.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
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
