import { pino, type Logger } from 'pino';

export type { Logger };

/** Never logged: credentials in headers and bodies, and the session cookie the server sets. */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'req.body.api_key', 'res.headers["set-cookie"]'];

/**
 * The process's one logger. It exists before the HTTP server, which logs through it too (Fastify's
 * `loggerInstance`), so start-up, workers and requests write the same JSON lines to the same place.
 */
export function createLogger(options: { level: string; stream?: NodeJS.WritableStream | undefined }): Logger {
  return pino(
    {
      level: options.level,
      redact: REDACTED,
      serializers: {
        // The sign-in callback's query holds the authorization code, and device lookups hold user codes.
        req: (request: { method: string; url: string; host: string; ip: string }) => ({
          method: request.method,
          url: request.url.split('?')[0],
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
    },
    options.stream,
  );
}
