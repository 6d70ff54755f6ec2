import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Batch, BrandgenClient } from '@brandgen/client';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { CliFailure, usageFailure } from '../cli-failure.ts';
import type { CommandContext } from '../command-context.ts';
import { ExitCode } from '../exit-codes.ts';
import { imageFilePath } from '../image-file-names.ts';
import type { Output } from '../output.ts';

interface BatchFlags {
  template?: string;
  csv?: string;
  model?: string;
  out: string;
}

const POLL_MS = 1_000;
/** More bars than this would not fit a terminal; the overall bar and the lines of finished prompts remain. */
const MAX_PROMPT_BARS = 12;

async function readText(context: CommandContext, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(context.workingDirectory, file), 'utf8');
  } catch (error) {
    throw usageFailure(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    );
  }
}

async function batchBody(context: CommandContext, file: string | undefined, flags: BatchFlags) {
  if (flags.template !== undefined) {
    if (flags.csv === undefined || file !== undefined)
      throw usageFailure('With --template, give the rows as --csv FILE and no prompt file.');
    return { template_id: flags.template, csv: await readText(context, flags.csv) };
  }
  if (file === undefined) throw usageFailure('Give a file with one prompt per line, or --template ID --csv FILE.');
  const prompts = (await readText(context, file))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (prompts.length === 0) throw usageFailure(`${file} has no prompts: write one per line.`);
  return { prompts, ...(flags.model !== undefined && { model: flags.model }) };
}

const isOver = (status: Batch['jobs'][number]['status']) => status === 'complete' || status === 'failed';

/** Overall and per-prompt progress of a batch, polled: one stream per prompt would spend the per-user stream limit. */
class BatchProgress {
  private readonly output: Output;
  private readonly said = new Map<string, string>();
  private bars: { multi: cliProgress.MultiBar; overall: cliProgress.SingleBar; prompts: cliProgress.SingleBar[] } | undefined;

  constructor(options: { output: Output }) {
    this.output = options.output;
  }

  show(batch: Batch): void {
    if (this.output.mode === 'terminal') return this.draw(batch);
    batch.jobs.forEach((job, index) => {
      const state = `${job.status} ${job.progress.done}/${job.progress.total}`;
      if (this.said.get(job.job_id) === state) return;
      this.said.set(job.job_id, state);
      if (this.output.mode === 'plain' && (isOver(job.status) || job.progress.done > 0)) {
        this.output.line(`prompt ${index + 1}/${batch.jobs.length} ${state}: ${job.prompt}${job.error ? ` (${job.error.message})` : ''}`);
      }
      this.output.event({ type: 'job', batch_id: batch.id, job_id: job.job_id, index, status: job.status, progress: job.progress });
    });
    this.output.event({ type: 'batch', batch_id: batch.id, status: batch.status, progress: batch.progress });
  }

  stop(): void {
    this.bars?.multi.stop();
  }

  private draw(batch: Batch): void {
    if (!this.bars) {
      const multi = new cliProgress.MultiBar(
        {
          stream: process.stdout,
          format: '{label} {bar} {value}/{total} {state}',
          barsize: 24,
          hideCursor: true,
          autopadding: true,
          fps: 8,
        },
        cliProgress.Presets.shades_classic,
      );
      const overall = multi.create(batch.progress.images.total, 0, { label: 'all images', state: '' });
      const prompts = batch.jobs
        .slice(0, MAX_PROMPT_BARS)
        .map((job, index) => multi.create(job.progress.total, 0, { label: `prompt ${index + 1}`, state: job.prompt.slice(0, 40) }));
      this.bars = { multi, overall, prompts };
    }
    this.bars.overall.update(batch.progress.images.done, { state: batch.status });
    batch.jobs.forEach((job, index) =>
      this.bars!.prompts[index]?.update(job.progress.done, { state: isOver(job.status) ? job.status : job.prompt.slice(0, 40) }),
    );
  }
}

async function downloadBatch(client: BrandgenClient, batch: Batch, folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const perJob = await Promise.all(
    batch.jobs.map(async ({ job_id: jobId }) => {
      const job = (await client.api.GET('/api/jobs/{id}', { params: { path: { id: jobId } } })).data!;
      return Promise.all(
        job.slots.flatMap((slot) =>
          slot.url
            ? [
                client.downloadImage(slot.url).then(async (bytes) => {
                  const file = imageFilePath({ folder, prompt: job.prompt, jobId, n: slot.n });
                  await writeFile(file, bytes);
                  return file;
                }),
              ]
            : [],
        ),
      );
    }),
  );
  return perJob.flat();
}

export function batchCommand(context: CommandContext): Command {
  return new Command('batch')
    .description('Run many prompts as one batch with overall progress, then download every image')
    .argument('[file]', 'a text file with one prompt per line')
    .option('--template <id>', 'fill this template once per CSV row')
    .option('--csv <file>', 'with --template: a header row of placeholder names, then one row per job')
    .option('-m, --model <model>', 'for a prompt file: a model id from brandgen models')
    .option('-o, --out <folder>', 'where the PNGs are written', '.')
    .addHelpText('after', '\nExamples:\n  brandgen batch prompts.txt --out ./batch\n  brandgen batch --template 0192… --csv products.csv')
    .action(async (file: string | undefined, flags: BatchFlags) => {
      const output = context.output();
      const body = await batchBody(context, file, flags);
      const connection = await context.connect();
      let batch = (await connection.call((client) => client.api.POST('/api/batches', { body }))).data!;
      output.line(`Batch ${batch.id} started: ${batch.jobs.length} prompts, ${batch.progress.images.total} images`);
      const progress = new BatchProgress({ output });
      try {
        for (;;) {
          progress.show(batch);
          if (batch.status !== 'running') break;
          await sleep(POLL_MS);
          batch = (await connection.call((client) => client.api.GET('/api/batches/{id}', { params: { path: { id: batch.id } } }))).data!;
        }
      } finally {
        progress.stop();
      }
      const folder = path.resolve(context.workingDirectory, flags.out);
      const files = await connection.call((client) => downloadBatch(client, batch, folder));
      const failed = batch.jobs.filter((job) => job.status === 'failed');
      output.result({ batch_id: batch.id, status: batch.status, jobs: batch.jobs, files });
      output.line(`Batch ${batch.status}: ${files.length} images written to ${folder}`);
      for (const job of failed) output.line(`${output.red('✗')} ${job.prompt}: ${job.error?.message ?? 'failed'}`);
      if (failed.length > 0 || batch.status === 'failed') {
        throw new CliFailure({ message: `${failed.length} of ${batch.jobs.length} prompts failed.`, exitCode: ExitCode.jobFailed });
      }
    });
}
