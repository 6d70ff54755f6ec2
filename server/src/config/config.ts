import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

function integer(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        context.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    });
}

const environmentSchema = z.object({
  PORT: integer('PORT', 8080, 0, 65535),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  BRANDGEN_DATA_DIR: z.string().trim().min(1).default('./data'),
  BRANDGEN_CONCURRENCY: integer('BRANDGEN_CONCURRENCY', 5, 1, 256),
  BRANDGEN_MAX_QUEUE: integer('BRANDGEN_MAX_QUEUE', 100, 1, 1_000_000),
  BRANDGEN_DEMO_LATENCY_MS: integer('BRANDGEN_DEMO_LATENCY_MS', 1500, 0, 600_000),
  BRANDGEN_RATE_LIMIT_PER_MINUTE: integer('BRANDGEN_RATE_LIMIT_PER_MINUTE', 30, 1, 100_000),
  BRANDGEN_WEB_DIR: z.string().trim().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BRANDGEN_AUTH: z.enum(['none', 'oidc'], { message: 'BRANDGEN_AUTH must be "none" or "oidc"' }).default('none'),
  BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK: z.enum(['true', 'false', '']).default('false'),
  BRANDGEN_PUBLIC_URL: z.string().trim().optional(),
  BRANDGEN_OIDC_ISSUER: z.string().trim().optional(),
  BRANDGEN_OIDC_CLIENT_ID: z.string().trim().optional(),
  BRANDGEN_OIDC_CLIENT_SECRET: z.string().trim().optional(),
  BRANDGEN_OIDC_AUDIENCES: z.string().trim().optional(),
  BRANDGEN_OIDC_TENANT_ID: z.string().trim().optional(),
  BRANDGEN_ACCESS_GROUPS: z.string().trim().optional(),
  BRANDGEN_ACCESS_ROLES: z.string().trim().optional(),
  BRANDGEN_ADMIN_GROUPS: z.string().trim().optional(),
  BRANDGEN_ADMIN_ROLES: z.string().trim().optional(),
  BRANDGEN_GRAPH_URL: z.string().trim().default('https://graph.microsoft.com/v1.0'),
  BRANDGEN_GRAPH_SCOPE: z.string().trim().default('https://graph.microsoft.com/.default'),
  BRANDGEN_SESSION_HOURS: integer('BRANDGEN_SESSION_HOURS', 168, 1, 24 * 365),
  BRANDGEN_DEVICE_CODE_SECONDS: integer('BRANDGEN_DEVICE_CODE_SECONDS', 600, 30, 3600),
  BRANDGEN_DEVICE_POLL_SECONDS: integer('BRANDGEN_DEVICE_POLL_SECONDS', 5, 1, 60),
  BRANDGEN_CORS_ORIGINS: z.string().trim().optional(),
});

/** How requests prove who sends them. */
export type AuthConfig = { mode: 'none' } | OidcConfig;

export interface OidcConfig {
  mode: 'oidc';
  /** The issuer whose discovery document names the endpoints and keys, e.g. https://login.microsoftonline.com/{tenant}/v2.0. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where browsers reach Brandgen; the redirect URI is this plus /auth/callback. */
  publicUrl: string;
  /** Accepted `aud` values of bearer access tokens. */
  audiences: string[];
  tenantId: string | undefined;
  accessGroups: string[];
  accessRoles: string[];
  adminGroups: string[];
  adminRoles: string[];
  graphUrl: string;
  graphScope: string;
  sessionHours: number;
}

export interface Config {
  port: number;
  host: string;
  dataDirectory: string;
  concurrency: number;
  maxQueue: number;
  demoLatencyMs: number;
  rateLimitPerMinute: number;
  /** The built web app; absent when only the API is served. */
  webDirectory: string | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  auth: AuthConfig;
  /** Set on purpose to serve `none` mode beyond this machine. */
  allowUnauthenticatedNetwork: boolean;
  /** Origins allowed to call the API from a browser; "null" is the Figma plugin's sandbox (bearer routes only). */
  corsOrigins: string[];
  deviceCodeSeconds: number;
  devicePollSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaultWebDirectory = path.resolve(import.meta.dirname, '../../../web/dist');

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      return issue.code === 'custom' ? `  - ${issue.message}` : `  - ${variable}: ${issue.message}`;
    });
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const auth = values.BRANDGEN_AUTH === 'oidc' ? oidcConfig(values) : ({ mode: 'none' } as const);
  const webDirectory = values.BRANDGEN_WEB_DIR ? path.resolve(values.BRANDGEN_WEB_DIR) : defaultWebDirectory;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDirectory: path.resolve(values.BRANDGEN_DATA_DIR),
    concurrency: values.BRANDGEN_CONCURRENCY,
    maxQueue: values.BRANDGEN_MAX_QUEUE,
    demoLatencyMs: values.BRANDGEN_DEMO_LATENCY_MS,
    rateLimitPerMinute: values.BRANDGEN_RATE_LIMIT_PER_MINUTE,
    webDirectory: existsSync(path.join(webDirectory, 'index.html')) ? webDirectory : undefined,
    logLevel: values.LOG_LEVEL,
    auth,
    allowUnauthenticatedNetwork: values.BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK === 'true',
    corsOrigins: list(values.BRANDGEN_CORS_ORIGINS),
    deviceCodeSeconds: values.BRANDGEN_DEVICE_CODE_SECONDS,
    devicePollSeconds: values.BRANDGEN_DEVICE_POLL_SECONDS,
  };
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function oidcConfig(values: z.infer<typeof environmentSchema>): OidcConfig {
  const problems: string[] = [];
  const required = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') problems.push(`  - ${name} is required when BRANDGEN_AUTH=oidc`);
    return typeof value === 'string' ? value : '';
  };
  const issuer = required('BRANDGEN_OIDC_ISSUER').replace(/\/+$/, '');
  const clientId = required('BRANDGEN_OIDC_CLIENT_ID');
  const clientSecret = required('BRANDGEN_OIDC_CLIENT_SECRET');
  const publicUrl = required('BRANDGEN_PUBLIC_URL').replace(/\/+$/, '');
  for (const [name, value] of [['BRANDGEN_OIDC_ISSUER', issuer], ['BRANDGEN_PUBLIC_URL', publicUrl], ['BRANDGEN_GRAPH_URL', values.BRANDGEN_GRAPH_URL]] as const) {
    if (value !== '' && !URL.canParse(value)) problems.push(`  - ${name} must be a URL such as https://example.com (got "${value}")`);
  }
  const accessGroups = list(values.BRANDGEN_ACCESS_GROUPS);
  const accessRoles = list(values.BRANDGEN_ACCESS_ROLES);
  if (accessGroups.length === 0 && accessRoles.length === 0) {
    problems.push('  - BRANDGEN_ACCESS_GROUPS or BRANDGEN_ACCESS_ROLES is required when BRANDGEN_AUTH=oidc: say which group or app role may use Brandgen');
  }
  if (problems.length > 0) throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${problems.join('\n')}`);
  const audiences = list(values.BRANDGEN_OIDC_AUDIENCES);
  return {
    mode: 'oidc',
    issuer,
    clientId,
    clientSecret,
    publicUrl,
    audiences: audiences.length > 0 ? audiences : [clientId, `api://${clientId}`],
    tenantId: values.BRANDGEN_OIDC_TENANT_ID || entraTenantOf(issuer),
    accessGroups,
    accessRoles,
    adminGroups: list(values.BRANDGEN_ADMIN_GROUPS),
    adminRoles: list(values.BRANDGEN_ADMIN_ROLES),
    graphUrl: values.BRANDGEN_GRAPH_URL.replace(/\/+$/, ''),
    graphScope: values.BRANDGEN_GRAPH_SCOPE,
    sessionHours: values.BRANDGEN_SESSION_HOURS,
  };
}

/** The tenant id inside an Entra issuer URL, so the tenant check needs no second setting. */
function entraTenantOf(issuer: string): string | undefined {
  const match = /^https:\/\/(?:login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0|sts\.windows\.net\/([0-9a-f-]{36}))$/i.exec(issuer);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Loopback hosts reach only this machine, where `none` mode is safe. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * `none` mode trusts every caller as the one local user, so serving it to a network must be a decision.
 * Returns a warning to log when the operator made that decision.
 */
export function checkNetworkExposure(config: Config): string | undefined {
  if (config.auth.mode !== 'none' || isLoopbackHost(config.host)) return undefined;
  if (!config.allowUnauthenticatedNetwork) {
    throw new ConfigError(
      `Brandgen cannot start: HOST=${config.host} would let anyone on the network use Brandgen without signing in (BRANDGEN_AUTH=none).\n` +
        '  - Set BRANDGEN_AUTH=oidc to require sign-in (see docs/auth.md), or\n' +
        '  - set HOST=127.0.0.1 to serve this machine only, or\n' +
        '  - set BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK=true if every device that can reach this port is trusted.',
    );
  }
  return `Brandgen is serving ${config.host} without sign-in (BRANDGEN_AUTH=none, BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK=true): anyone who can reach this port can use it.`;
}

/** Reads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnvFile(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
