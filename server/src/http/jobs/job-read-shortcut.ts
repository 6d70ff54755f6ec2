import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerEncodingFor, JSON_TYPE, varyWithEncoding } from '../send-json-text.ts';
import type { FinishedJobCache } from './finished-job-cache.ts';

export interface JobReadShortcutOptions {
  jobCache: FinishedJobCache;
  /** The one user every request acts for: the shortcut exists only without sign-in. */
  userId: string;
  /** The Host check Fastify applies, so the shortcut answers to the same names. */
  acceptsHost: (host: string | undefined) => boolean;
  /** The security headers every API answer carries. */
  securityHeaders: Record<string, string>;
  /** What the CORS plugin puts in Vary on every answer ('Origin' when it is installed), so both paths vary alike. */
  vary: string | undefined;
}

/** Only a plain GET of one job by its id: anything else (a query string, another method, a HEAD) goes to Fastify. */
const JOB_PATH = /^\/api\/jobs\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JOB_PATH_PREFIX_LENGTH = '/api/jobs/'.length;

/**
 * Answers a read of a finished job straight from the finished-job cache, before Fastify sees the request. Clients
 * poll finished jobs far more than anything else, and for an answer already in memory Fastify's per-request work
 * (request and reply objects, the hook chain, routing) cost about 40 % of the read. The answer is the one the route
 * sends, headers included; tests hold both paths to that. Whatever the shortcut is not sure of (a cache miss, an Origin
 * that CORS must judge, a Host to refuse, a server closing) goes to Fastify untouched.
 */
export class JobReadShortcut {
  private readonly options: JobReadShortcutOptions;
  /** Security headers and content type, then Vary for the text answer; the encoded answer sends its own Vary. */
  private readonly common: string[];
  private readonly textVary: string[];
  private readonly encodedVary: string;
  private closing = false;

  constructor(options: JobReadShortcutOptions) {
    this.options = options;
    this.common = [...Object.entries(options.securityHeaders).flat(), 'content-type', JSON_TYPE];
    this.textVary = options.vary === undefined ? [] : ['vary', options.vary];
    this.encodedVary = varyWithEncoding(options.vary);
  }

  /** From now on every request goes to Fastify, which answers 503 while it closes. */
  close(): void {
    this.closing = true;
  }

  /** Sends the answer and returns true, or returns false having touched nothing. */
  answer(request: IncomingMessage, response: ServerResponse): boolean {
    const { headers, url } = request;
    if (this.closing || request.method !== 'GET' || headers.origin !== undefined || url === undefined || !JOB_PATH.test(url)) return false;
    if (!this.options.acceptsHost(headers.host)) return false;
    const cached = this.options.jobCache.get(url.slice(JOB_PATH_PREFIX_LENGTH), this.options.userId);
    if (cached === undefined) return false;
    const encoding = answerEncodingFor(headers, cached);
    // Either way the body is a string, which Node sends in one write with the headers.
    if (encoding === undefined) {
      response.writeHead(200, [...this.common, ...this.textVary, 'content-length', String(cached.byteLength)]);
      response.end(cached.text);
    } else {
      const body = cached.encodedAsLatin1(encoding);
      response.writeHead(200, [
        ...this.common,
        'content-encoding',
        encoding,
        'vary',
        this.encodedVary,
        'content-length',
        String(body.length),
      ]);
      response.end(body, 'latin1');
    }
    return true;
  }
}
