import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ValidationError, type FieldError } from '../services/errors.ts';

/**
 * Control characters other than tab, line feed and carriage return. PostgreSQL refuses NUL in text outright and
 * SQLite would store it, so they are refused here, before either database sees them, with the same answer on both.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this check's whole job
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/** The first problem of one text, in plain words, or undefined when it is fine. */
function problemOf(text: string): string | undefined {
  if (CONTROL_CHARACTER.test(text)) return 'Remove the control characters (such as NUL) from this text.';
  // A lone UTF-16 surrogate cannot be stored as UTF-8; the databases would silently replace it.
  if (!text.isWellFormed()) return 'This text is not valid Unicode (it holds a lone surrogate).';
  return undefined;
}

const MAX_DEPTH = 64;

/** Walks parsed input (JSON, form or query values) and collects one field error per bad text, keys included. */
function collect(value: unknown, path: string, fields: FieldError[], depth: number): void {
  if (fields.length >= 20 || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    const problem = problemOf(value);
    if (problem) fields.push({ field: path, message: problem });
    return;
  }
  // A streamed upload (a LoRA file) is bytes handed on unread, not text: its object graph reaches the whole server.
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Readable) return;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    const keyProblem = problemOf(key);
    if (keyProblem) fields.push({ field: itemPath, message: `The name of this field is not usable. ${keyProblem}` });
    collect(item, itemPath, fields, depth + 1);
  }
}

/** Checks every text of every request (body, query and path parameters) at the edge, before any route's own rules. */
export function installTextCheck(server: FastifyInstance): void {
  // Callback style: it runs on every request, and an async hook costs a promise each time.
  server.addHook('preValidation', (request, _reply, done) => {
    const fields: FieldError[] = [];
    collect(request.params, '', fields, 0);
    collect(request.query, '', fields, 0);
    collect(request.body, typeof request.body === 'string' ? 'body' : '', fields, 0);
    done(fields.length > 0 ? new ValidationError(fields, 'Some texts hold characters Brandgen cannot store.') : undefined);
  });
}
