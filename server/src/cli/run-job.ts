import { mkdir, writeFile } from 'node:fs/promises';
import type { BrandgenClient, Job } from '@brandgen/client';
import { imageFilePath } from './image-file-names.ts';
import { jobProgressView } from './job-progress.ts';
import type { Output } from './output.ts';

export interface FinishedJob {
  job: Job;
  files: string[];
}

export interface RunJobOptions {
  client: BrandgenClient;
  output: Output;
  jobId: string;
  /** Where the PNGs go; made when missing. */
  folder: string;
  /** Shown before each bar or line, e.g. the prompt's number in a batch. */
  label?: string;
  signal?: AbortSignal;
}

/**
 * Follows a job to its end with live progress and writes its images. Each image is fetched as soon as it is announced,
 * while the others are still being drawn, so the command adds no waiting of its own after the job completes.
 */
export async function runJob(options: RunJobOptions): Promise<FinishedJob> {
  const { client, output, jobId } = options;
  await mkdir(options.folder, { recursive: true });
  const current = await client.api.GET('/api/jobs/{id}', { params: { path: { id: jobId } } });
  let job = current.data!;
  const view = jobProgressView({ output, jobId, slots: job.slots.length, ...(options.label !== undefined && { label: options.label }) });
  const downloads = new Map<number, Promise<string>>();
  const fetchImage = (n: number, url: string) => {
    if (downloads.has(n)) return;
    const saved = saveImage(options, job.prompt, n, url);
    // Awaited below; until then a failed download must not count as unhandled.
    saved.catch(() => undefined);
    downloads.set(n, saved);
  };
  try {
    view.event({ type: 'state', id: undefined, data: job });
    for await (const event of client.followJob(jobId, { signal: options.signal })) {
      view.event(event);
      if (event.type === 'image') fetchImage(event.data.n, event.data.url);
      if (event.type === 'state' || event.type === 'complete' || event.type === 'failed') job = event.data;
    }
  } finally {
    view.stop();
  }
  // Images learnt only from the final state (a resumed stream, polling) are fetched now.
  for (const slot of job.slots) if (slot.url) fetchImage(slot.n, slot.url);
  const files = await Promise.all([...downloads.entries()].sort(([a], [b]) => a - b).map(([, saved]) => saved));
  return { job, files };
}

async function saveImage(options: RunJobOptions, prompt: string, n: number, url: string): Promise<string> {
  const bytes = await options.client.downloadImage(url, { signal: options.signal });
  const file = imageFilePath({ folder: options.folder, prompt, jobId: options.jobId, n });
  await writeFile(file, bytes);
  return file;
}
