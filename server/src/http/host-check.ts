import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config/config.ts';
import { ApiError } from './api-error.ts';

export interface HostPolicyOptions {
  mode: 'none' | 'oidc';
  /** In `oidc` mode, the address browsers use; its host is the one name Brandgen answers to by default. */
  publicUrl: string | undefined;
  /** More names (BRANDGEN_ALLOWED_HOSTS), lower-case, without port. */
  allowedHosts: string[];
}

/**
 * Which Host names Brandgen answers to. A page whose DNS name rebinds to this machine's address sends its own name as
 * Host, so answering only to known names keeps such a page from acting as the local user in `none` mode.
 */
export function hostPolicy(options: HostPolicyOptions): (hostname: string) => boolean {
  const named = new Set(options.allowedHosts);
  if (options.mode === 'oidc' && options.publicUrl) named.add(new URL(options.publicUrl).hostname);
  const loopback = options.mode === 'none';
  return (hostname) => named.has(hostname) || (loopback && isLoopbackHost(hostname));
}

/** The Host header's name, lower-case and without port (IPv6 keeps its brackets), or undefined when it is not a host. */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host || !/^[^/?#@\\\s]+$/.test(host) || !URL.canParse(`http://${host}`)) return undefined;
  // A fully qualified name may end in a dot; it names the same host.
  return new URL(`http://${host}`).hostname.replace(/(?<=[^.])\.$/, '');
}

const ACCEPTED_HOSTS_REMEMBERED = 32;

/**
 * Whether a Host header names this server, by the policy above. Clients send the same few Host values again and again,
 * so each accepted value is parsed only once; only a few are remembered, so odd headers cannot grow the set.
 */
export function hostGate(allows: (hostname: string) => boolean): (host: string | undefined) => boolean {
  const accepted = new Set<string>();
  return (host) => {
    if (host === undefined) return false;
    if (accepted.has(host)) return true;
    const hostname = hostnameOf(host);
    if (hostname === undefined || !allows(hostname)) return false;
    if (accepted.size < ACCEPTED_HOSTS_REMEMBERED) accepted.add(host);
    return true;
  };
}

export interface HostCheckOptions {
  /** The gate above, shared with the job-read shortcut so both answer to the same names. */
  accepts: (host: string | undefined) => boolean;
  /** Requests answered whatever their Host, because they carry no browser authority (probes, token-bearing scrapes). */
  exempt: (request: FastifyRequest, path: string) => boolean;
  /** Where people should open Brandgen instead, for the message. */
  publicUrl: string | undefined;
}

/** Refuses a request addressed to a name Brandgen does not answer to with 421, before CORS and authentication. */
export function installHostCheck(server: FastifyInstance, options: HostCheckOptions): void {
  server.addHook('onRequest', (request, _reply, done) => {
    if (options.accepts(request.host)) return done();
    if (options.exempt(request, request.url.split('?')[0]!)) return done();
    const where = options.publicUrl
      ? `Open Brandgen at ${options.publicUrl}`
      : 'Open Brandgen at http://localhost or http://127.0.0.1 on its port';
    done(
      new ApiError(
        421,
        'unknown_host',
        `This server does not answer to the name "${String(request.host ?? '').slice(0, 100)}". ${where}, or ask the administrator to add the name to BRANDGEN_ALLOWED_HOSTS.`,
      ),
    );
  });
}
