import type { Server } from 'node:http';

/**
 * Stops accepting connections, lets in-flight requests finish, and after `timeoutMs`
 * cuts whatever is left. Idle keep-alive sockets are closed at once.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
