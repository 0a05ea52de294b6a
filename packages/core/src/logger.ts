import { pino, type Logger } from 'pino';

const REDACTED = '[redacted]';

/**
 * drizzle's failed-query error carries the bound values (`params`) and spells them in its message
 * ("Failed query: … params: …"), which pino copies into `message` and `stack`: e-mails, names,
 * password hashes. The statement stays, for whoever debugs; the values never reach the log.
 */
function serializeError(error: unknown): unknown {
  const spelled: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const params = (e as { params?: unknown }).params;
    if ('query' in e && Array.isArray(params)) spelled.push(`\nparams: ${String(params)}`);
  }
  const serialized: unknown = error instanceof Error ? pino.stdSerializers.err(error) : error;
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return spelled.reduce((text, s) => text.split(s).join(`\nparams: ${REDACTED}`), value);
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'params' ? REDACTED : scrub(v)]));
    }
    return value;
  };
  return spelled.length > 0 ? scrub(serialized) : serialized;
}

/** JSON logs; anything that could carry a secret is censored even if a caller logs it by mistake. */
export function createLogger(level: string, destination?: pino.DestinationStream, service = 'api'): Logger {
  return pino(
    {
      level,
      base: { service },
      serializers: { err: serializeError },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.token',
          '*.accessToken',
          '*.refreshToken',
          'password',
          'token',
          'accessToken',
          'refreshToken',
        ],
        censor: REDACTED,
      },
    },
    destination,
  );
}
