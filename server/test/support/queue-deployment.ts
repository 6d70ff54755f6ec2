import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, stopServerProcess, type ServerProcess } from './server-process.ts';
import type { TestDatabase } from './test-database.ts';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from './test-redis.ts';

export interface QueueDeployment {
  /** SQLite is one file on one machine: every process does everything ("all") and shares the data folder.
   *  PostgreSQL gets the scaled layout: API processes and worker processes. */
  workerRole: 'all' | 'worker';
  prefix: string;
  /** Where the test reads the installation's database itself. */
  databaseUrl: string;
  /** Starts a Brandgen process of this installation whose demo model takes `demoLatencyMs` per image. */
  start(role: string, demoLatencyMs: number): Promise<ServerProcess>;
  /** Stops every process (thawing frozen ones first), then removes the Redis keys and the data folder. */
  close(): Promise<void>;
}

/** Brandgen processes of one installation on a BullMQ queue: one database, one Redis prefix, one data folder. */
export async function queueDeployment(database: TestDatabase, settings: Record<string, string>): Promise<QueueDeployment> {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-queue-'));
  const prefix = uniqueRedisPrefix();
  const databaseEnvironment = await database.environment();
  const processes: ServerProcess[] = [];
  return {
    workerRole: database.engine === 'sqlite' ? 'all' : 'worker',
    prefix,
    databaseUrl: databaseEnvironment.DATABASE_URL ?? path.join(dataDirectory, 'brandgen.sqlite'),
    async start(role, demoLatencyMs) {
      const server = await startServerProcess(
        {
          ...databaseEnvironment,
          BRANDGEN_ROLE: role,
          REDIS_URL: testRedisUrl!,
          BRANDGEN_REDIS_PREFIX: prefix,
          BRANDGEN_DATA_DIR: dataDirectory,
          BRANDGEN_DEMO_LATENCY_MS: String(demoLatencyMs),
          BRANDGEN_CONCURRENCY: '1',
          ...settings,
        },
        60_000,
      );
      processes.push(server);
      return server;
    },
    async close() {
      for (const server of processes) {
        server.child.kill('SIGCONT');
        await stopServerProcess(server, 3_000);
      }
      await deleteRedisKeys(testRedisUrl!, prefix);
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}
