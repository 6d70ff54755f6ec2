import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ComfyUiConfig } from '../providers/comfyui/comfyui-catalog.ts';
import { TEXT_PROVIDERS, type TextModelConfig } from '../providers/text/text-providers.ts';
import {
  PROVIDER_IDS,
  providerEnvironment,
  type ProviderId,
  type ProviderSettings,
  type ProviderSettingsMap,
} from '../providers/provider-ids.ts';

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
  BRANDGEN_MAX_LORA_MB: integer('BRANDGEN_MAX_LORA_MB', 2048, 1, 1_048_576),
  BRANDGEN_DEMO_LATENCY_MS: integer('BRANDGEN_DEMO_LATENCY_MS', 1500, 0, 600_000),
  BRANDGEN_RATE_LIMIT_PER_MINUTE: integer('BRANDGEN_RATE_LIMIT_PER_MINUTE', 30, 1, 100_000),
  BRANDGEN_MAX_STREAMS_PER_USER: integer('BRANDGEN_MAX_STREAMS_PER_USER', 20, 1, 10_000),
  BRANDGEN_RETENTION_DAYS: integer('BRANDGEN_RETENTION_DAYS', 30, 0, 36_500),
  BRANDGEN_WEB_DIR: z.string().trim().optional(),
  BRANDGEN_FIGMA_PLUGIN_DIR: z.string().trim().optional(),
  DATABASE_URL: z.string().trim().optional(),
  REDIS_URL: z.string().trim().optional(),
  BRANDGEN_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only')
    .default('brandgen'),
  BRANDGEN_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  BRANDGEN_JOB_LOCK_MS: integer('BRANDGEN_JOB_LOCK_MS', 30_000, 1_000, 3_600_000),
  BRANDGEN_QUEUE_RECONCILE_MS: integer('BRANDGEN_QUEUE_RECONCILE_MS', 15_000, 200, 3_600_000),
  BRANDGEN_MAX_JOB_RUNS: integer('BRANDGEN_MAX_JOB_RUNS', 5, 1, 1_000),
  BRANDGEN_SETTINGS_REFRESH_MS: integer('BRANDGEN_SETTINGS_REFRESH_MS', 30_000, 1_000, 3_600_000),
  AZURE_STORAGE_CONNECTION_STRING: z.string().trim().optional(),
  AZURE_STORAGE_ACCOUNT_URL: z.string().trim().optional(),
  BRANDGEN_AZURE_CONTAINER: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'an Azure container name: 3-63 lower-case letters, digits and single hyphens')
    .default('brandgen-images'),
  BRANDGEN_SAS_TTL_SECONDS: integer('BRANDGEN_SAS_TTL_SECONDS', 86_400, 0, 7 * 86_400),
  BRANDGEN_LLM_PROVIDER: z
    .enum(TEXT_PROVIDERS, { message: `BRANDGEN_LLM_PROVIDER must be one of ${TEXT_PROVIDERS.join(', ')}` })
    .optional(),
  BRANDGEN_LLM_BASE_URL: z.url({ error: 'BRANDGEN_LLM_BASE_URL must be a URL such as https://api.openai.com/v1' }).optional(),
  BRANDGEN_LLM_MODEL: z.string().trim().min(1).optional(),
  BRANDGEN_LLM_API_KEY: z.string().trim().min(1).optional(),
  BRANDGEN_LLM_VISION: z.enum(['true', 'false', ''], { message: 'BRANDGEN_LLM_VISION must be "true" or "false"' }).optional(),
  ANTHROPIC_API_KEY: z.string().trim().optional(),
  ANTHROPIC_BASE_URL: z.url({ error: 'ANTHROPIC_BASE_URL must be a URL such as https://api.anthropic.com/v1' }).optional(),
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
        context.addIssue({
          code: 'custom',
          message: `BRANDGEN_MONTHLY_BUDGET_USD must be an amount in US dollars, like 50 (got "${raw}")`,
        });
        return z.NEVER;
      }
      return value;
    }),
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
  BRANDGEN_ALLOWED_HOSTS: z.string().trim().optional(),
  BRANDGEN_METRICS_TOKEN: z.string().trim().optional(),
  BRANDGEN_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false', ''], { message: 'BRANDGEN_WEBHOOK_ALLOW_PRIVATE must be "true" or "false"' })
    .default('false'),
  REPLICATE_TRAINING_OWNER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/u, 'a Replicate user or organization name, like acme-studio')
    .optional()
    .or(z.literal('')),
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
  /** BRANDGEN_MAX_LORA_MB: the largest LoRA file an upload may be, in MiB. */
  maxLoraMegabytes: number;
  demoLatencyMs: number;
  rateLimitPerMinute: number;
  /** Open SSE streams one user may hold at once (across API processes when Redis is configured). */
  maxStreamsPerUser: number;
  /** Days a non-favorite image is kept; 0 keeps every image. */
  retentionDays: number;
  /** The text model for "Expand brief"; absent: the template expansion. */
  languageModel: TextModelConfig | undefined;
  /**
   * Whether the language model can look at images (an inspiration image, "Review against the brief"). BRANDGEN_LLM_VISION
   * says so; left out, yes for OpenAI, Google and Anthropic models, no for an OpenAI-compatible server, which may run a
   * text-only model.
   */
  languageModelSeesImages: boolean;
  /** The built web app; absent when only the API is served. */
  webDirectory: string | undefined;
  /** The built Figma plugin (figma-plugin/dist), offered as a ZIP made for this server; undefined when not built. */
  figmaPluginDirectory: string | undefined;
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
  /** Runs of one job that may die with their worker before the job is failed instead of started again. */
  maxJobRuns: number;
  /** How often each process re-reads the provider settings from the database, beside the announcements of changes. */
  settingsRefreshMs: number;
  azure:
    | { connectionString: string; accountUrl?: undefined; container: string; sasTtlSeconds: number }
    | { connectionString?: undefined; accountUrl: string; container: string; sasTtlSeconds: number }
    | undefined;
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
  auth: AuthConfig;
  /** Set on purpose to serve `none` mode beyond this machine. */
  allowUnauthenticatedNetwork: boolean;
  /** Origins allowed to call the API from a browser; "null" is the Figma plugin's sandbox (bearer routes only). */
  corsOrigins: string[];
  /** Host names answered besides loopback (`none`) or the public URL's host (`oidc`), lower-case, without port. */
  allowedHosts: string[];
  /** The bearer token Prometheus sends to `/metrics`; required for scrapes in `oidc` mode. */
  metricsToken: string | undefined;
  deviceCodeSeconds: number;
  devicePollSeconds: number;
  /** BRANDGEN_PUBLIC_URL without a trailing slash, in any sign-in mode: the base of links sent in webhooks. */
  publicUrl: string | undefined;
  /** Lets webhook endpoints resolve to loopback and private addresses (local receivers, closed networks). */
  webhookAllowPrivate: boolean;
  /** The Replicate user or organization that owns trained LoRAs' models; the token's own account when unset. */
  replicateTrainingOwner: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaultWebDirectory = path.resolve(import.meta.dirname, '../../../web/dist');
const defaultFigmaPluginDirectory = path.resolve(import.meta.dirname, '../../../figma-plugin/dist');

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
  const { providers, providerDefaults } = readProviders(
    environment,
    parsed.success ? parsed.data.BRANDGEN_PROVIDER_TIMEOUT_MS : 300_000,
    lines,
  );
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const problems = settingProblems(values);
  const languageModel = readLanguageModel(values, environment, problems);
  const allowedHosts = readAllowedHosts(values.BRANDGEN_ALLOWED_HOSTS, problems);
  if (problems.length > 0) {
    throw new ConfigError(`Brandgen cannot start: the configuration is invalid.\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  const dataDirectory = path.resolve(values.BRANDGEN_DATA_DIR);
  const azureBase = { container: values.BRANDGEN_AZURE_CONTAINER, sasTtlSeconds: values.BRANDGEN_SAS_TTL_SECONDS };
  const auth = values.BRANDGEN_AUTH === 'oidc' ? oidcConfig(values) : ({ mode: 'none' } as const);
  const webDirectory = values.BRANDGEN_WEB_DIR ? path.resolve(values.BRANDGEN_WEB_DIR) : defaultWebDirectory;
  const figmaPluginDirectory = values.BRANDGEN_FIGMA_PLUGIN_DIR
    ? path.resolve(values.BRANDGEN_FIGMA_PLUGIN_DIR)
    : defaultFigmaPluginDirectory;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDirectory,
    concurrency: values.BRANDGEN_CONCURRENCY,
    maxQueue: values.BRANDGEN_MAX_QUEUE,
    maxLoraMegabytes: values.BRANDGEN_MAX_LORA_MB,
    demoLatencyMs: values.BRANDGEN_DEMO_LATENCY_MS,
    rateLimitPerMinute: values.BRANDGEN_RATE_LIMIT_PER_MINUTE,
    maxStreamsPerUser: values.BRANDGEN_MAX_STREAMS_PER_USER,
    retentionDays: values.BRANDGEN_RETENTION_DAYS,
    languageModel,
    languageModelSeesImages: languageModel !== undefined && seesImages(languageModel, values.BRANDGEN_LLM_VISION),
    webDirectory: existsSync(path.join(webDirectory, 'index.html')) ? webDirectory : undefined,
    figmaPluginDirectory: existsSync(path.join(figmaPluginDirectory, 'manifest.json')) ? figmaPluginDirectory : undefined,
    logLevel: values.LOG_LEVEL,
    database: values.DATABASE_URL || path.join(dataDirectory, 'brandgen.sqlite'),
    redis: values.REDIS_URL ? { url: values.REDIS_URL, prefix: values.BRANDGEN_REDIS_PREFIX } : undefined,
    role: values.BRANDGEN_ROLE,
    jobLockMs: values.BRANDGEN_JOB_LOCK_MS,
    queueReconcileMs: values.BRANDGEN_QUEUE_RECONCILE_MS,
    maxJobRuns: values.BRANDGEN_MAX_JOB_RUNS,
    settingsRefreshMs: values.BRANDGEN_SETTINGS_REFRESH_MS,
    azure: values.AZURE_STORAGE_CONNECTION_STRING
      ? { connectionString: values.AZURE_STORAGE_CONNECTION_STRING, ...azureBase }
      : values.AZURE_STORAGE_ACCOUNT_URL
        ? { accountUrl: values.AZURE_STORAGE_ACCOUNT_URL, ...azureBase }
        : undefined,
    providers,
    providerDefaults,
    secretKey: environment.BRANDGEN_SECRET_KEY?.trim() || undefined,
    comfyui: comfyuiConfig(values),
    monthlyBudgetUsd: values.BRANDGEN_MONTHLY_BUDGET_USD,
    auth,
    allowUnauthenticatedNetwork: values.BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK === 'true',
    corsOrigins: list(values.BRANDGEN_CORS_ORIGINS),
    allowedHosts,
    metricsToken: values.BRANDGEN_METRICS_TOKEN || undefined,
    deviceCodeSeconds: values.BRANDGEN_DEVICE_CODE_SECONDS,
    devicePollSeconds: values.BRANDGEN_DEVICE_POLL_SECONDS,
    publicUrl: values.BRANDGEN_PUBLIC_URL ? values.BRANDGEN_PUBLIC_URL.replace(/\/+$/u, '') : undefined,
    webhookAllowPrivate: values.BRANDGEN_WEBHOOK_ALLOW_PRIVATE === 'true',
    replicateTrainingOwner: values.REPLICATE_TRAINING_OWNER || undefined,
  };
}

function comfyuiConfig(values: z.infer<typeof environmentSchema>): Config['comfyui'] {
  if (!values.COMFYUI_URL) return null;
  return {
    baseUrl: values.COMFYUI_URL.replace(/\/+$/u, ''),
    timeoutMs: values.BRANDGEN_PROVIDER_TIMEOUT_MS,
    concurrency: values.COMFYUI_CONCURRENCY,
    workflowsDirectory: values.COMFYUI_WORKFLOWS_DIR ? path.resolve(values.COMFYUI_WORKFLOWS_DIR) : undefined,
  };
}

/** Settings that are valid one by one but not together, or not in the form their service needs. */
function settingProblems(values: z.infer<typeof environmentSchema>): string[] {
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
  if (values.COMFYUI_URL && !/^https?:\/\/./u.test(values.COMFYUI_URL)) {
    problems.push(`COMFYUI_URL must be an http(s) URL like http://gpu-box:8188 (got "${values.COMFYUI_URL}")`);
  }
  if (values.BRANDGEN_PUBLIC_URL && !/^https?:\/\/./u.test(values.BRANDGEN_PUBLIC_URL)) {
    problems.push(`BRANDGEN_PUBLIC_URL must be an http(s) address like https://brandgen.example.com (got "${values.BRANDGEN_PUBLIC_URL}")`);
  }
  if (values.BRANDGEN_METRICS_TOKEN && !/^[\x21-\x7e]{16,512}$/.test(values.BRANDGEN_METRICS_TOKEN)) {
    problems.push(
      'BRANDGEN_METRICS_TOKEN must be 16 to 512 printable characters without spaces, for example the output of `openssl rand -hex 32`',
    );
  }
  return problems;
}

function readProviders(environment: NodeJS.ProcessEnv, timeoutMs: number, problems: string[]) {
  const providers: ProviderSettingsMap = {};
  const providerDefaults = {} as Record<ProviderId, Omit<ProviderSettings, 'apiKey'>>;
  for (const id of PROVIDER_IDS) {
    const names = providerEnvironment[id];
    const apiKey = names.key.map((name) => environment[name]?.trim()).find((value) => value);
    const baseUrl = environment[names.baseUrl]?.trim() || undefined;
    if (baseUrl !== undefined && !URL.canParse(baseUrl))
      problems.push(`  - ${names.baseUrl} must be a URL like https://proxy.example.com (got "${baseUrl}")`);
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

/**
 * The text model: BRANDGEN_LLM_PROVIDER names the service (an OpenAI-compatible server when only BRANDGEN_LLM_BASE_URL
 * is set, as before the setting existed); the key and address fall back to the provider's own variables.
 */
function readLanguageModel(
  values: z.infer<typeof environmentSchema>,
  environment: NodeJS.ProcessEnv,
  problems: string[],
): TextModelConfig | undefined {
  const provider = values.BRANDGEN_LLM_PROVIDER ?? (values.BRANDGEN_LLM_BASE_URL ? 'openai-compatible' : undefined);
  if (!provider) {
    if (values.BRANDGEN_LLM_MODEL)
      problems.push(
        'BRANDGEN_LLM_MODEL is set but BRANDGEN_LLM_PROVIDER is not: say which service runs the model (openai, google, anthropic or openai-compatible)',
      );
    return undefined;
  }
  const model = values.BRANDGEN_LLM_MODEL;
  if (!model)
    problems.push(
      `BRANDGEN_LLM_MODEL is required with BRANDGEN_LLM_PROVIDER=${provider}: name the model to ask, e.g. ${exampleModels[provider]}`,
    );
  const fromProvider = {
    openai: {
      key: environment[providerEnvironment.openai.key[0]!],
      baseUrl: environment[providerEnvironment.openai.baseUrl],
      keyName: 'OPENAI_API_KEY',
    },
    google: {
      key: environment[providerEnvironment.google.key[0]!],
      baseUrl: environment[providerEnvironment.google.baseUrl],
      keyName: 'GOOGLE_GENERATIVE_AI_API_KEY',
    },
    anthropic: { key: values.ANTHROPIC_API_KEY, baseUrl: values.ANTHROPIC_BASE_URL, keyName: 'ANTHROPIC_API_KEY' },
    'openai-compatible': { key: undefined, baseUrl: undefined, keyName: undefined },
  }[provider];
  const apiKey = values.BRANDGEN_LLM_API_KEY ?? (fromProvider.key?.trim() || undefined);
  const baseUrl = (values.BRANDGEN_LLM_BASE_URL ?? (fromProvider.baseUrl?.trim() || undefined))?.replace(/\/+$/u, '');
  if (provider === 'openai-compatible' && !baseUrl) {
    problems.push(
      'BRANDGEN_LLM_BASE_URL is required with BRANDGEN_LLM_PROVIDER=openai-compatible: the address of the chat completions API, e.g. http://localhost:11434/v1',
    );
  }
  if (fromProvider.keyName && !apiKey) {
    problems.push(`BRANDGEN_LLM_PROVIDER=${provider} needs an API key: set ${fromProvider.keyName} (or BRANDGEN_LLM_API_KEY)`);
  }
  if (!model || (provider === 'openai-compatible' && !baseUrl) || (fromProvider.keyName && !apiKey)) return undefined;
  return { provider, model, apiKey, baseUrl };
}

function seesImages(model: TextModelConfig, setting: 'true' | 'false' | '' | undefined): boolean {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  return model.provider !== 'openai-compatible';
}

const exampleModels: Record<TextModelConfig['provider'], string> = {
  openai: 'gpt-4o-mini',
  google: 'gemini-2.5-flash',
  anthropic: 'claude-sonnet-4-5',
  'openai-compatible': 'llama3.1',
};

/** Names as the Host header carries them (lower-case, IPv6 in brackets), so the check compares like with like. */
function readAllowedHosts(raw: string | undefined, problems: string[]): string[] {
  return list(raw).flatMap((entry) => {
    const bracketed = entry.includes(':') && !entry.startsWith('[') ? `[${entry}]` : entry;
    const url = /^[^/?#@\\]+$/.test(bracketed) && URL.canParse(`http://${bracketed}`) ? new URL(`http://${bracketed}`) : undefined;
    if (!url || url.port !== '') {
      problems.push(
        `BRANDGEN_ALLOWED_HOSTS lists host names or addresses without scheme or port, like brandgen.lan,192.168.1.20 (got "${entry}")`,
      );
      return [];
    }
    return [url.hostname];
  });
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
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
  for (const [name, value] of [
    ['BRANDGEN_OIDC_ISSUER', issuer],
    ['BRANDGEN_PUBLIC_URL', publicUrl],
    ['BRANDGEN_GRAPH_URL', values.BRANDGEN_GRAPH_URL],
  ] as const) {
    if (value !== '' && !URL.canParse(value)) problems.push(`  - ${name} must be a URL such as https://example.com (got "${value}")`);
  }
  const accessGroups = list(values.BRANDGEN_ACCESS_GROUPS);
  const accessRoles = list(values.BRANDGEN_ACCESS_ROLES);
  if (accessGroups.length === 0 && accessRoles.length === 0) {
    problems.push(
      '  - BRANDGEN_ACCESS_GROUPS or BRANDGEN_ACCESS_ROLES is required when BRANDGEN_AUTH=oidc: say which group or app role may use Brandgen',
    );
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
