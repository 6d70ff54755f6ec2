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
  DATABASE_URL: z.string().trim().optional(),
  REDIS_URL: z.string().trim().optional(),
  BRANDGEN_REDIS_PREFIX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only').default('brandgen'),
  BRANDGEN_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  BRANDGEN_JOB_LOCK_MS: integer('BRANDGEN_JOB_LOCK_MS', 30_000, 1_000, 3_600_000),
  BRANDGEN_QUEUE_RECONCILE_MS: integer('BRANDGEN_QUEUE_RECONCILE_MS', 15_000, 200, 3_600_000),
  AZURE_STORAGE_CONNECTION_STRING: z.string().trim().optional(),
  AZURE_STORAGE_ACCOUNT_URL: z.string().trim().optional(),
  BRANDGEN_AZURE_CONTAINER: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'an Azure container name: 3-63 lower-case letters, digits and single hyphens')
    .default('brandgen-images'),
  BRANDGEN_SAS_TTL_SECONDS: integer('BRANDGEN_SAS_TTL_SECONDS', 86_400, 0, 7 * 86_400),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
  /** A `postgres://` URL, or the SQLite file in the data folder. */
  database: string;
  /** Set: BullMQ queue, Redis events and rate limits. Unset: everything in this process. */
  redis: { url: string; prefix: string } | undefined;
  /** `api` serves HTTP only, `worker` runs jobs only (both need Redis); `all` does both. */
  role: 'all' | 'api' | 'worker';
  /** A worker that stops renewing its lock this long (a crash) loses the job to another worker. */
  jobLockMs: number;
  /** How often workers re-queue unfinished jobs from the database, which refills a Redis that lost its data. */
  queueReconcileMs: number;
  azure:
    | { connectionString: string; accountUrl?: undefined; container: string; sasTtlSeconds: number }
    | { connectionString?: undefined; accountUrl: string; container: string; sasTtlSeconds: number }
    | undefined;
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
  const problems: string[] = [];
  if (values.DATABASE_URL && !/^postgres(ql)?:\/\//i.test(values.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// URL (leave it unset for the built-in SQLite database)');
  }
  if (values.REDIS_URL && !/^rediss?:\/\//i.test(values.REDIS_URL)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  if (values.BRANDGEN_ROLE !== 'all' && !values.REDIS_URL) {
    problems.push(`BRANDGEN_ROLE=${values.BRANDGEN_ROLE} needs REDIS_URL: API and worker processes meet through Redis`);
  }
  if (values.BRANDGEN_ROLE !== 'all' && !values.DATABASE_URL) {
    problems.push(`BRANDGEN_ROLE=${values.BRANDGEN_ROLE} needs DATABASE_URL: separate processes share PostgreSQL, not a SQLite file`);
  }
  if (values.AZURE_STORAGE_ACCOUNT_URL && !/^https?:\/\//i.test(values.AZURE_STORAGE_ACCOUNT_URL)) {
    problems.push('AZURE_STORAGE_ACCOUNT_URL must be an https:// URL such as https://ACCOUNT.blob.core.windows.net');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  const dataDirectory = path.resolve(values.BRANDGEN_DATA_DIR);
  const azureBase = { container: values.BRANDGEN_AZURE_CONTAINER, sasTtlSeconds: values.BRANDGEN_SAS_TTL_SECONDS };
  const webDirectory = values.BRANDGEN_WEB_DIR ? path.resolve(values.BRANDGEN_WEB_DIR) : defaultWebDirectory;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDirectory,
    concurrency: values.BRANDGEN_CONCURRENCY,
    maxQueue: values.BRANDGEN_MAX_QUEUE,
    demoLatencyMs: values.BRANDGEN_DEMO_LATENCY_MS,
    rateLimitPerMinute: values.BRANDGEN_RATE_LIMIT_PER_MINUTE,
    webDirectory: existsSync(path.join(webDirectory, 'index.html')) ? webDirectory : undefined,
    logLevel: values.LOG_LEVEL,
    database: values.DATABASE_URL || path.join(dataDirectory, 'brandgen.sqlite'),
    redis: values.REDIS_URL ? { url: values.REDIS_URL, prefix: values.BRANDGEN_REDIS_PREFIX } : undefined,
    role: values.BRANDGEN_ROLE,
    jobLockMs: values.BRANDGEN_JOB_LOCK_MS,
    queueReconcileMs: values.BRANDGEN_QUEUE_RECONCILE_MS,
    azure: values.AZURE_STORAGE_CONNECTION_STRING
      ? { connectionString: values.AZURE_STORAGE_CONNECTION_STRING, ...azureBase }
      : values.AZURE_STORAGE_ACCOUNT_URL
        ? { accountUrl: values.AZURE_STORAGE_ACCOUNT_URL, ...azureBase }
        : undefined,
  };
}

/** Reads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnvFile(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
