import { mkdir, writeFile } from 'node:fs/promises';
import type { BrandgenClient, Job } from '@brandgen/client';
import { imageFilePath } from './image-file-names.ts';
import { carriesJob, jobProgressView, type JobProgressView } from './job-progress.ts';
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
 * Follows a job until it is filed, with live progress, and writes its images. Each image is fetched as soon as it is
 * announced, while the others are still being drawn. Filing follows the job's end by a moment; waiting for it means
 * the job returned carries its brand-fit scores and its images are in the library, for a command that lists them
 * next. The stream opens with the job's whole state, so no separate read of the job comes first.
 */
export async function runJob(options: RunJobOptions): Promise<FinishedJob> {
  const { client, output, jobId } = options;
  await mkdir(options.folder, { recursive: true });
  const readJob = async () => (await client.api.GET('/api/jobs/{id}', { params: { path: { id: jobId } } })).data!;
  let job: Job | undefined;
  let view: JobProgressView | undefined;
  const downloads = new Map<number, Promise<string>>();
  const fetchImage = (known: Job, n: number, url: string) => {
    if (downloads.has(n)) return;
    const saved = saveImage(options, known.prompt, n, url);
    // Awaited below; until then a failed download must not count as unhandled.
    saved.catch(() => undefined);
    downloads.set(n, saved);
  };
  try {
    for await (const event of client.followJob(jobId, { signal: options.signal })) {
      if (carriesJob(event)) job = event.data;
      // A stream that began with something else (a resumed one) still needs the job's prompt and size.
      job ??= await readJob();
      view ??= jobProgressView({ output, jobId, slots: job.slots.length, ...(options.label !== undefined && { label: options.label }) });
      view.event(event);
      if (event.type === 'image') fetchImage(job, event.data.n, event.data.url);
    }
  } finally {
    view?.stop();
  }
  const finished = job ?? (await readJob());
  // Images learnt only from the final state (a resumed stream, polling) are fetched now.
  for (const slot of finished.slots) if (slot.url) fetchImage(finished, slot.n, slot.url);
  const files = await Promise.all([...downloads.entries()].sort(([a], [b]) => a - b).map(([, saved]) => saved));
  return { job: finished, files };
}

async function saveImage(options: RunJobOptions, prompt: string, n: number, url: string): Promise<string> {
  const bytes = await options.client.downloadImage(url, { signal: options.signal });
  const file = imageFilePath({ folder: options.folder, prompt, jobId: options.jobId, n });
  await writeFile(file, bytes);
  return file;
}
