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
  BRANDGEN_RETENTION_DAYS: integer('BRANDGEN_RETENTION_DAYS', 30, 0, 36_500),
  BRANDGEN_WEB_DIR: z.string().trim().optional(),
  BRANDGEN_LLM_BASE_URL: z.url({ error: 'BRANDGEN_LLM_BASE_URL must be a URL such as https://api.openai.com/v1' }).optional(),
  BRANDGEN_LLM_MODEL: z.string().trim().min(1).optional(),
  BRANDGEN_LLM_API_KEY: z.string().trim().min(1).optional(),
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
  /** Days a non-favorite image is kept; 0 keeps every image. */
  retentionDays: number;
  /** A text model that follows the OpenAI chat completions API, for "Expand brief"; absent: the template expansion. */
  languageModel: { baseUrl: string; model: string; apiKey: string | undefined } | undefined;
  /** The built web app; absent when only the API is served. */
  webDirectory: string | undefined;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
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
  const webDirectory = values.BRANDGEN_WEB_DIR ? path.resolve(values.BRANDGEN_WEB_DIR) : defaultWebDirectory;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDirectory: path.resolve(values.BRANDGEN_DATA_DIR),
    concurrency: values.BRANDGEN_CONCURRENCY,
    maxQueue: values.BRANDGEN_MAX_QUEUE,
    demoLatencyMs: values.BRANDGEN_DEMO_LATENCY_MS,
    rateLimitPerMinute: values.BRANDGEN_RATE_LIMIT_PER_MINUTE,
    retentionDays: values.BRANDGEN_RETENTION_DAYS,
    languageModel:
      values.BRANDGEN_LLM_BASE_URL && values.BRANDGEN_LLM_MODEL
        ? { baseUrl: values.BRANDGEN_LLM_BASE_URL, model: values.BRANDGEN_LLM_MODEL, apiKey: values.BRANDGEN_LLM_API_KEY }
        : undefined,
    webDirectory: existsSync(path.join(webDirectory, 'index.html')) ? webDirectory : undefined,
    logLevel: values.LOG_LEVEL,
  };
}

/** Reads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnvFile(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
