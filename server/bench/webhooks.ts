// `npm run bench` (third part): webhook latency, from a job's webhook being written (as it is filed) to the receiver holding the request.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUILT_SERVER_ENTRY, killHard, startServerProcess } from '../test/support/server-process.ts';
import { startWebhookReceiver } from '../test/support/webhook-receiver.ts';
import { median, percentile, postJob } from './measure.ts';

const JOBS = Number(process.env.BENCH_WEBHOOK_JOBS ?? 100);
const AT_ONCE = 5;

const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-bench-webhooks-'));
const receiver = await startWebhookReceiver([200]);
const server = await startServerProcess(
  {
    BRANDGEN_DATA_DIR: dataDirectory,
    BRANDGEN_DEMO_LATENCY_MS: '20',
    BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000',
    BRANDGEN_MAX_QUEUE: '100000',
    BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'error',
  },
  20_000,
  undefined,
  BUILT_SERVER_ENTRY,
);
try {
  const registered = await fetch(`${server.baseUrl}/api/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events: ['job.completed', 'job.failed'], description: 'bench' }),
  });
  if (registered.status !== 201) throw new Error(`Registering the receiver answered ${registered.status}: ${await registered.text()}`);
  // Warm-up jobs are not measured: the first renders load fonts and compile code paths.
  const warmUp = 5;
  const submitted: string[] = [];
  for (let index = 0; index < JOBS + warmUp; index += AT_ONCE) {
    const batch = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, offset) => postJob(server.baseUrl, `webhook latency ${index + offset}`)),
    );
    submitted.push(...batch);
    const expected = submitted.length;
    const deadline = Date.now() + 30_000;
    while (receiver.received.length < expected) {
      if (Date.now() > deadline) throw new Error(`Only ${receiver.received.length} of ${expected} webhooks arrived.`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const latencies = receiver.received.slice(warmUp).map((request) => {
    // The event's timestamp is when its delivery was written: when the job was filed, a moment after it completed.
    const { timestamp } = JSON.parse(request.body) as { timestamp: string };
    return request.receivedAt - Date.parse(timestamp);
  });
  const p99 = percentile(latencies, 0.99);
  const met = p99 < 100;
  console.log(
    `${met ? 'meets ' : 'MISSES'}  webhook latency, job filed (its webhook written) → receiver got the request: ` +
      `p99 ${p99.toFixed(1)} ms, p50 ${median(latencies).toFixed(1)} ms over ${latencies.length} jobs (target p99 < 100 ms)`,
  );
} finally {
  await killHard(server);
  await receiver.close();
  await rm(dataDirectory, { recursive: true, force: true });
}
