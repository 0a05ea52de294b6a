import { pino, type Logger } from 'pino';

/** JSON logs; anything that could carry a secret is censored even if a caller logs it by mistake. */
export function createLogger(level: string, destination?: pino.DestinationStream, service = 'api'): Logger {
  return pino(
    {
      level,
      base: { service },
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
        censor: '[redacted]',
      },
    },
    destination,
  );
}
