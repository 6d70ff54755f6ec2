import type { Redis } from 'ioredis';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createBlobStore } from '../blobs/create-blob-store.ts';
import type { Config } from '../config/config.ts';
import { loadSecretKey } from '../config/secret-key.ts';
import { migrateToLatest, openDatabase, type DatabaseConnection } from '../db/database.ts';
import { JobRepository } from '../db/job-repository.ts';
import { TrainingRepository } from '../db/training-repository.ts';
import { TRAINING_QUEUE_PREFIX } from '../services/training-service.ts';
import type { EventBus } from '../events/event-bus.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { InMemoryOpenStreams, type OpenStreams } from '../events/open-streams.ts';
import { InProcessQueue } from '../queue/in-process-queue.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { SecretBox } from '../services/secret-box.ts';
import { HttpWebhookSender, type WebhookSender } from '../webhooks/webhook-sender.ts';
import { CleanUpList } from './clean-up-list.ts';
import { runsJobs, servesApi, type CompositionContext } from './context.ts';
import type { Logger } from './logger.ts';

/** The adapters configuration picked, opened and ready, with the one way to close them all. */
export interface Adapters {
  database: DatabaseConnection;
  /** One instance for the whole process: on PostgreSQL it groups the inserts of jobs accepted together. */
  jobs: JobRepository;
  blobs: BlobStore;
  bus: EventBus;
  queue: JobQueue;
  secretBox: SecretBox;
  /** The server's secret key: signs LoRA file links (SecretBox derives nothing from it but uses it as is). */
  secretKey: Buffer;
  /** A shared store makes the per-user limits hold across API replicas. */
  rateLimitRedis: { client: Redis; keyPrefix: string } | undefined;
  openStreams: OpenStreams;
  webhookSender: WebhookSender;
  /** Stops the queue now (giving running jobs their grace); `close` then leaves it alone. */
  stopQueue(): Promise<void>;
  /** Closes everything opened here, last opened first; later start steps call it when they fail. */
  close(): Promise<void>;
}

/** How long a stopping worker lets running jobs finish before it leaves them to the next worker. */
const WORKER_STOP_GRACE_MS = 5_000;

/**
 * Embedded: SQLite, local disk, an in-process queue and event bus. Scaled: PostgreSQL (`DATABASE_URL`), BullMQ and
 * Redis pub/sub (`REDIS_URL`), Azure Blob. Each thing opened joins the clean-up list at once, so a failure at any
 * later step (here or in the steps after this one) leaves nothing open.
 */
export async function buildAdapters(context: CompositionContext): Promise<Adapters> {
  const { config, overrides, logger } = context;
  const cleanUp = new CleanUpList({ onError: (error, what) => logger.warn({ err: error }, `${what} did not close cleanly`) });
  return cleanUp.closingOnFailure(async () => {
    const database = openDatabase(config.database);
    cleanUp.add('the database', () => database.destroy());
    await migrateToLatest(database);
    const blobs = await createBlobStore(config);
    const secretKey = loadSecretKey(config.dataDirectory, config.secretKey);
    const secretBox = new SecretBox({ key: secretKey });
    const bus = await createEventBus(config);
    cleanUp.add('the event bus', () => bus.close());
    const jobs = new JobRepository({ database });
    const queue = await createQueue(config, { jobs, trainings: new TrainingRepository({ database }) }, logger);
    const stopQueue = cleanUp.add('the job queue', () => queue.stop(runsJobs(config) ? WORKER_STOP_GRACE_MS : 0));
    const rateLimitRedis = await connectRateLimitRedis(config);
    if (rateLimitRedis) cleanUp.add('the rate-limit Redis connection', () => rateLimitRedis.client.disconnect());
    const openStreams = await createOpenStreams(config, rateLimitRedis);
    cleanUp.add('the open-stream counts', () => openStreams.close());
    const webhookSender = overrides.webhookSender ?? new HttpWebhookSender({ allowPrivate: config.webhookAllowPrivate });
    cleanUp.add('the webhook sender', () => webhookSender.close());
    return {
      database,
      jobs,
      blobs,
      bus,
      queue,
      secretBox,
      secretKey,
      rateLimitRedis,
      openStreams,
      webhookSender,
      stopQueue,
      close: () => cleanUp.closeAll(),
    };
  });
}

// Scaled adapters are loaded only when configured: a laptop installation does not pay their memory.

async function createEventBus(config: Config): Promise<EventBus> {
  if (!config.redis) return new InMemoryEventBus();
  return new (await import('../events/redis-event-bus.ts')).RedisEventBus(config.redis);
}

async function createQueue(
  config: Config,
  { jobs, trainings }: { jobs: JobRepository; trainings: TrainingRepository },
  logger: Logger,
): Promise<JobQueue> {
  const onError = (jobId: string | undefined, error: unknown) => logger.error({ err: error, jobId }, 'job queue error');
  // Trainings ride the same queue as jobs, told apart by their prefix, so a restart picks both up again.
  const loadUnfinished = async () => [
    ...(await jobs.listUnfinishedIds()),
    ...(await trainings.listUnfinishedIds()).map((id) => `${TRAINING_QUEUE_PREFIX}${id}`),
  ];
  if (!config.redis) return new InProcessQueue({ concurrency: config.concurrency, loadUnfinished, onError });
  return new (await import('../queue/bullmq-queue.ts')).BullMqQueue({
    url: config.redis.url,
    prefix: config.redis.prefix,
    concurrency: config.concurrency,
    lockMs: config.jobLockMs,
    reconcileMs: config.queueReconcileMs,
    loadUnfinished,
    onError,
  });
}

async function connectRateLimitRedis(config: Config): Promise<Adapters['rateLimitRedis']> {
  if (!config.redis || !servesApi(config)) return undefined;
  const { connectRedis } = await import('../redis/redis-connection.ts');
  // Rate-limit counters must not wait out a Redis outage: a request is better served than held. Counters of
  // requests arriving together travel in one write (auto-pipelining).
  const client = connectRedis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });
  return { client, keyPrefix: `${config.redis.prefix}:rate-limit:` };
}

/** Counted in Redis when there is one, so the per-user stream limit holds across API processes. */
async function createOpenStreams(config: Config, rateLimitRedis: Adapters['rateLimitRedis']): Promise<OpenStreams> {
  if (!config.redis || !rateLimitRedis) return new InMemoryOpenStreams();
  const { RedisOpenStreams } = await import('../events/redis-open-streams.ts');
  return new RedisOpenStreams({ client: rateLimitRedis.client, prefix: config.redis.prefix });
}
