import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/redis-connection.ts';
import { withinTime } from '../timing/within-time.ts';
import type { TrainingBusEvent } from '../domain/training.ts';
import type { EventBus, JobEvent, JobEventListener, TrainingEventListener } from './event-bus.ts';

/**
 * Job events over Redis pub/sub, one channel per job, so an API replica streams events of a job that
 * a worker in another process runs. Pub/sub keeps nothing: what a subscriber misses while Redis is away
 * is read back from the database (see JobEvents' catch-up).
 */
const REDIS_WAIT_MS = 1_000;

export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly listeners = new Map<string, Set<JobEventListener>>();
  /** One channel for the whole installation: a message only says "re-read the settings", never what they are. */
  private readonly settingsChannel: string;
  private readonly settingsListeners = new Set<() => void>();
  private readonly projectPrefix: string;
  private readonly projectListeners = new Map<string, Set<(jobId: string) => void>>();
  private readonly trainingPrefix: string;
  private readonly trainingListeners = new Map<string, Set<TrainingEventListener>>();

  constructor(options: { url: string; prefix: string }) {
    this.prefix = `${options.prefix}:job-events:`;
    this.settingsChannel = `${options.prefix}:settings-changed`;
    this.projectPrefix = `${options.prefix}:project-jobs:`;
    this.trainingPrefix = `${options.prefix}:training-events:`;
    this.publisher = connectRedis(options.url);
    // Named, so that an operator (or a test) can tell this process's subscriptions apart in CLIENT LIST.
    this.subscriber = connectRedis(options.url, { connectionName: `${options.prefix}-event-subscriber` });
    // Every (re)connection: whatever was announced while the connection was down is lost, so listeners re-read.
    this.subscriber.on('ready', () => this.notifySettingsListeners());
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.settingsChannel) {
        this.notifySettingsListeners();
        return;
      }
      if (channel.startsWith(this.trainingPrefix)) {
        const event = parsed<TrainingBusEvent>(message);
        const listeners = this.trainingListeners.get(channel.slice(this.trainingPrefix.length));
        if (event && listeners) for (const listener of listeners) listener(event);
        return;
      }
      if (channel.startsWith(this.projectPrefix)) {
        for (const listener of this.projectListeners.get(channel.slice(this.projectPrefix.length)) ?? []) listener(message);
        return;
      }
      if (!channel.startsWith(this.prefix)) return;
      const listeners = this.listeners.get(channel.slice(this.prefix.length));
      if (!listeners) return;
      let event: JobEvent;
      try {
        event = JSON.parse(message) as JobEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    });
  }

  /** Fails after a short wait when Redis is away; the event is already stored, so followers catch up later. */
  async publish(event: JobEvent): Promise<void> {
    await withinTime(
      this.publisher.publish(this.prefix + event.jobId, JSON.stringify(event)),
      REDIS_WAIT_MS,
      'Redis did not answer a publish in time',
    );
  }

  async subscribe(jobId: string, listener: JobEventListener): Promise<() => void> {
    let listeners = this.listeners.get(jobId);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(jobId, listeners);
      // A SUBSCRIBE sent while Redis restarts may never be answered; the stream must not hang on it.
      // ioredis subscribes again on reconnection, and until then followers read missed events from the database.
      await withinTime(this.subscriber.subscribe(this.prefix + jobId), REDIS_WAIT_MS, 'Redis did not answer a subscribe in time').catch(
        () => {},
      );
    }
    listeners.add(listener);
    return () => {
      const current = this.listeners.get(jobId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(jobId);
        this.subscriber.unsubscribe(this.prefix + jobId).catch(() => {});
      }
    };
  }

  /** Fails after a short wait when Redis is away; the event is stored, and followers read it back from there. */
  async publishTraining(event: TrainingBusEvent): Promise<void> {
    await withinTime(
      this.publisher.publish(this.trainingPrefix + event.trainingId, JSON.stringify(event)),
      REDIS_WAIT_MS,
      'Redis did not answer a publish in time',
    );
  }

  subscribeTraining(trainingId: string, listener: TrainingEventListener): Promise<() => void> {
    return this.listen(this.trainingListeners, this.trainingPrefix, trainingId, listener);
  }

  /** Lost while Redis is away; project streams then find the job on their next catch-up read. */
  async announceProjectJob(projectId: string, jobId: string): Promise<void> {
    await withinTime(
      this.publisher.publish(this.projectPrefix + projectId, jobId),
      REDIS_WAIT_MS,
      'Redis did not answer a publish in time',
    );
  }

  onProjectJob(projectId: string, listener: (jobId: string) => void): Promise<() => void> {
    return this.listen(this.projectListeners, this.projectPrefix, projectId, listener);
  }

  /**
   * Adds a listener to a channel of `prefix + id`, subscribing on its first. A Redis that is away must not hold a
   * stream up: ioredis subscribes again on reconnection, and followers meanwhile read what they missed from the database.
   */
  private async listen<L>(listeners: Map<string, Set<L>>, prefix: string, id: string, listener: L): Promise<() => void> {
    let forId = listeners.get(id);
    if (!forId) {
      forId = new Set();
      listeners.set(id, forId);
      await withinTime(this.subscriber.subscribe(prefix + id), REDIS_WAIT_MS, 'Redis did not answer a subscribe in time').catch(() => {});
    }
    forId.add(listener);
    return () => {
      const current = listeners.get(id);
      if (!current?.delete(listener) || current.size > 0) return;
      listeners.delete(id);
      this.subscriber.unsubscribe(prefix + id).catch(() => {});
    };
  }

  async announceSettingsChange(): Promise<void> {
    await withinTime(this.publisher.publish(this.settingsChannel, 'changed'), REDIS_WAIT_MS, 'Redis did not answer a publish in time');
  }

  async onSettingsChange(listener: () => void): Promise<() => void> {
    this.settingsListeners.add(listener);
    if (this.settingsListeners.size === 1) {
      // Like a job subscription: a Redis that is away must not hold up the start; the subscription is made when it is
      // back, and the reconnection itself tells the listener to re-read.
      await withinTime(this.subscriber.subscribe(this.settingsChannel), REDIS_WAIT_MS, 'Redis did not answer a subscribe in time').catch(
        () => {},
      );
    }
    return () => {
      if (!this.settingsListeners.delete(listener) || this.settingsListeners.size > 0) return;
      this.subscriber.unsubscribe(this.settingsChannel).catch(() => {});
    };
  }

  private notifySettingsListeners(): void {
    for (const listener of this.settingsListeners) listener();
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.settingsListeners.clear();
    this.projectListeners.clear();
    this.trainingListeners.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

function parsed<T>(message: string): T | undefined {
  try {
    return JSON.parse(message) as T;
  } catch {
    return undefined;
  }
}
