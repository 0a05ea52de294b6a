import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@monimmo/contract';
import { sendAppError } from './responses.ts';

const deadlines = new WeakMap<IncomingMessage, () => void>();

/** What a request cut for slowness answers (when it still can), on a connection then closed. */
export function requestTimedOut(limitMs: number, reason: 'REQUEST_TIMEOUT' | 'UPLOAD_IDLE'): AppError {
  return reason === 'UPLOAD_IDLE'
    ? new AppError('REQUEST_TIMEOUT', `The upload sent nothing for ${limitMs} ms`, { reason, limitMs })
    : new AppError('REQUEST_TIMEOUT', `The request did not arrive in full within ${limitMs} ms`, { reason, limitMs });
}

/**
 * The time a request has to arrive in full (Node's `requestTimeout`, which is one limit for the
 * whole server and would cut a large upload sent steadily). A streaming upload lifts it with
 * `liftRequestDeadline` and watches for idleness instead.
 */
export function setRequestDeadline(req: IncomingMessage, res: ServerResponse, limitMs: number): void {
  const timer = setTimeout(() => {
    deadlines.delete(req);
    // Arrived in full (a GET, or a body the handler has not read yet): a slow answer is not cut.
    if (req.complete) return;
    if (!res.headersSent) {
      const error = requestTimedOut(limitMs, 'REQUEST_TIMEOUT');
      res.setHeader('connection', 'close');
      sendAppError(res, error);
    }
    // The rest of the body is not wanted: the socket goes once the answer is out.
    res.once('finish', () => req.socket.destroy());
    if (res.writableFinished) req.socket.destroy();
  }, limitMs);
  timer.unref();
  const lift = () => {
    clearTimeout(timer);
    deadlines.delete(req);
  };
  deadlines.set(req, lift);
  req.once('end', lift);
  res.once('close', lift);
}

export function liftRequestDeadline(req: IncomingMessage): void {
  deadlines.get(req)?.();
}
