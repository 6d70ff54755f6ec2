import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ComfyUiConfig } from '../providers/comfyui/comfyui-catalog.ts';
import { PROVIDER_IDS, providerEnvironment, type ProviderId, type ProviderSettings, type ProviderSettingsMap } from '../providers/provider-ids.ts';

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
  COMFYUI_URL: z.string().trim().optional(),
  COMFYUI_CONCURRENCY: integer('COMFYUI_CONCURRENCY', 1, 1, 64),
  COMFYUI_WORKFLOWS_DIR: z.string().trim().optional(),
  BRANDGEN_PROVIDER_TIMEOUT_MS: integer('BRANDGEN_PROVIDER_TIMEOUT_MS', 300_000, 1_000, 3_600_000),
  BRANDGEN_MONTHLY_BUDGET_USD: z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw.trim() === '') return null;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0) {
        context.addIssue({ code: 'custom', message: `BRANDGEN_MONTHLY_BUDGET_USD must be an amount in US dollars, like 50 (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    }),
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
  /** Providers with a key in the environment; the admin settings API may add more at run time. */
  providers: ProviderSettingsMap;
  /** Timeout, concurrency and base URL of every provider, for keys saved through the settings API. */
  providerDefaults: Record<ProviderId, Omit<ProviderSettings, 'apiKey'>>;
  /** BRANDGEN_SECRET_KEY; the data folder's key file is used when absent. */
  secretKey: string | undefined;
  /** A self-hosted ComfyUI server, when COMFYUI_URL is set. */
  comfyui: ComfyUiConfig | null;
  /** Spend per calendar month (UTC) after which new jobs are refused; null for no limit. */
  monthlyBudgetUsd: number | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaultWebDirectory = path.resolve(import.meta.dirname, '../../../web/dist');

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  const lines: string[] = [];
  if (!parsed.success) {
    lines.push(
      ...parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        return issue.code === 'custom' ? `  - ${issue.message}` : `  - ${variable}: ${issue.message}`;
      }),
    );
  }
  const { providers, providerDefaults } = readProviders(environment, parsed.success ? parsed.data.BRANDGEN_PROVIDER_TIMEOUT_MS : 300_000, lines);
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (values.COMFYUI_URL && !/^https?:\/\/./u.test(values.COMFYUI_URL)) {
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n  - COMFYUI_URL must be an http(s) URL like http://gpu-box:8188 (got "${values.COMFYUI_URL}")`);
  }
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
    providers,
    providerDefaults,
    secretKey: environment.BRANDGEN_SECRET_KEY?.trim() || undefined,
    comfyui: values.COMFYUI_URL
      ? {
          baseUrl: values.COMFYUI_URL.replace(/\/+$/u, ''),
          timeoutMs: values.BRANDGEN_PROVIDER_TIMEOUT_MS,
          concurrency: values.COMFYUI_CONCURRENCY,
          workflowsDirectory: values.COMFYUI_WORKFLOWS_DIR ? path.resolve(values.COMFYUI_WORKFLOWS_DIR) : undefined,
        }
      : null,
    monthlyBudgetUsd: values.BRANDGEN_MONTHLY_BUDGET_USD,
  };
}

function readProviders(environment: NodeJS.ProcessEnv, timeoutMs: number, problems: string[]) {
  const providers: ProviderSettingsMap = {};
  const providerDefaults = {} as Record<ProviderId, Omit<ProviderSettings, 'apiKey'>>;
  for (const id of PROVIDER_IDS) {
    const names = providerEnvironment[id];
    const apiKey = names.key.map((name) => environment[name]?.trim()).find((value) => value);
    const baseUrl = environment[names.baseUrl]?.trim() || undefined;
    if (baseUrl !== undefined && !URL.canParse(baseUrl)) problems.push(`  - ${names.baseUrl} must be a URL like https://proxy.example.com (got "${baseUrl}")`);
    const rawConcurrency = environment[names.concurrency]?.trim();
    const concurrency = rawConcurrency ? Number(rawConcurrency) : names.defaultConcurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      problems.push(`  - ${names.concurrency} must be a whole number from 1 to 64 (got "${rawConcurrency}")`);
    }
    providerDefaults[id] = { baseUrl: baseUrl?.replace(/\/+$/u, ''), timeoutMs, concurrency };
    const queueBaseUrl = id === 'fal' ? environment.FAL_QUEUE_BASE_URL?.trim() : undefined;
    if (queueBaseUrl) {
      if (URL.canParse(queueBaseUrl)) providerDefaults[id].queueBaseUrl = queueBaseUrl.replace(/\/+$/u, '');
      else problems.push(`  - FAL_QUEUE_BASE_URL must be a URL like https://queue.fal.run (got "${queueBaseUrl}")`);
    }
    if (apiKey) providers[id] = { apiKey, ...providerDefaults[id] };
  }
  return { providers, providerDefaults };
}

/** Reads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnvFile(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
