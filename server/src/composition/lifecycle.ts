import type { FastifyInstance } from 'fastify';
import type { Adapters } from './build-adapters.ts';
import { TRAINING_QUEUE_PREFIX } from '../services/training-service.ts';
import type { Services } from './build-services.ts';
import { runsJobs, type CompositionContext } from './context.ts';

export interface Lifecycle {
  /** Listens on the configured host and port and (unless an API-only replica) starts the worker; resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

const HTTP_CLOSE_GRACE_MS = 2_000;

/**
 * Starts and stops one process: the settings sync, the worker, the retention sweep, the HTTP server and the webhook
 * dispatcher, then the adapters. A start that fails stops what it started and closes every adapter; a stop runs once.
 */
export function createLifecycle(options: {
  context: CompositionContext;
  adapters: Adapters;
  services: Services;
  server: FastifyInstance;
}): Lifecycle {
  const { context, adapters, services, server } = options;
  const { config, state, logger } = context;
  const { settingsSync, library, retention, runner, trainingRunner, dispatcher } = services;
  const sweepIntervalMs = context.overrides.retentionSweepIntervalMs ?? HOUR_MS;
  const stopSweeping = new AbortController();
  let sweepTimer: NodeJS.Timeout | undefined;
  const sweep = () => retention.run(stopSweeping.signal).catch((error: unknown) => logger.error({ err: error }, 'retention sweep failed'));

  const startWorker = async () => {
    await library.fileMissingImages();
    await adapters.queue.start(async (jobId) => {
      if (jobId.startsWith(TRAINING_QUEUE_PREFIX)) {
        await trainingRunner.run(jobId.slice(TRAINING_QUEUE_PREFIX.length));
        if (trainingRunner.aborted) throw new Error('The worker stopped before the training finished; it will resume.');
        return;
      }
      await runner.run(jobId);
      // A run cut short by shutdown leaves the job unfinished; failing the delivery lets the queue hand it out again.
      if (runner.aborted) throw new Error('The worker stopped before the job finished; it will run again.');
    });
    if (config.retentionDays > 0 && sweepIntervalMs > 0) {
      void sweep();
      // Fire and forget: sweep() logs its own failure, and the next tick tries again.
      sweepTimer = setInterval(() => void sweep(), sweepIntervalMs);
      sweepTimer.unref();
    }
  };

  const startAll = async () => {
    // Before the first job: a key changed while this process was starting must not be used.
    await settingsSync.start();
    if (runsJobs(config)) await startWorker();
    const address = await server.listen({ host: config.host, port: config.port });
    state.listening = true;
    state.baseUrl = address.replace('[::1]', '127.0.0.1');
    dispatcher?.start();
    return state.baseUrl;
  };

  const stopAll = async () => {
    state.listening = false;
    settingsSync.stop();
    clearInterval(sweepTimer);
    stopSweeping.abort();
    await retention.settled();
    runner.abort();
    trainingRunner.abort();
    await adapters.stopQueue();
    // Requests in flight get a moment to finish; connections still open after it (a keep-alive socket the
    // server wrongly counts as busy, a slow client) are cut rather than holding the shutdown for a minute.
    const closing = server.close();
    const timer = setTimeout(() => server.server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
    await closing;
    clearTimeout(timer);
    await dispatcher?.stop();
    await adapters.close();
  };

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopAll());
  return {
    async start() {
      try {
        return await startAll();
      } catch (error) {
        await stop();
        throw error;
      }
    },
    stop,
  };
}
