import path from 'node:path';
import type { BrandgenClient } from '@brandgen/client';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliFailure, usageFailure } from '../cli-failure.ts';
import type { CommandContext } from '../command-context.ts';
import { ExitCode } from '../exit-codes.ts';
import { displayPath } from '../image-file-names.ts';
import { runJob, type FinishedJob } from '../run-job.ts';
import { brandIdOf } from './brand-commands.ts';

interface JobOutputFlags {
  out?: string;
}

interface GenerateFlags extends JobOutputFlags {
  assetType?: string;
  model?: string;
  preset?: string;
  seed?: number;
  project?: string;
  brand?: string;
}

function whole(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
    return Number(value);
  };
}

function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('The strength must be a number such as 0.6.');
  return number;
}

const outOption = () => new Option('-o, --out <folder>', 'where the PNGs are written').default('.', 'the current folder');

/** Starts a job with `start`, then follows it and writes its images; exit 1 when the job fails. */
async function startAndFollow(
  context: CommandContext,
  flags: JobOutputFlags,
  start: (client: BrandgenClient) => Promise<string>,
): Promise<void> {
  const connection = await context.connect();
  const output = context.output();
  const jobId = await connection.call(start);
  output.line(`Job ${jobId} started on ${connection.server}`);
  const folder = path.resolve(context.workingDirectory, flags.out ?? '.');
  const finished = await connection.call((client) => runJob({ client, output, jobId, folder }));
  report(context, finished);
}

function report(context: CommandContext, { job, files }: FinishedJob): void {
  const output = context.output();
  output.result({
    job_id: job.id,
    status: job.status,
    prompt: job.prompt,
    model: job.model,
    seed: job.seed,
    files,
    error: job.error ?? null,
  });
  if (job.status === 'failed') {
    throw new CliFailure({
      message: `The job failed: ${job.error?.message ?? 'the server gave no reason.'}`,
      exitCode: ExitCode.jobFailed,
    });
  }
  for (const file of files) output.line(`${output.green('✓')} ${displayPath(file, context.workingDirectory)}`);
  const failed = job.slots.filter((slot) => slot.status === 'failed');
  for (const slot of failed) output.line(`${output.red('✗')} image ${slot.n} failed: ${slot.error ?? 'no reason given'}`);
}

function generateCommand(context: CommandContext): Command {
  return new Command('generate')
    .description('Make four on-brand images from a description and write them as PNGs')
    .argument('<prompt>', 'what the image should show')
    .option('-t, --asset-type <type>', 'product_illustration, icon, hero_image, logo_concept, … (brandgen models lists them)')
    .option('-m, --model <model>', 'a model id from brandgen models; the server picks the first when left out')
    .option('-p, --preset <preset>', 'draft, standard or high')
    .option('-s, --seed <seed>', 'makes the result repeatable', whole('The seed'))
    .option('--project <id>', 'file the images under this project (takes only the prompt, --model and --brand)')
    .option('-b, --brand <id-or-name>', 'make them with this brand (brandgen brands lists them); the default brand when left out')
    .addOption(outOption())
    .addHelpText('after', '\nExample:\n  brandgen generate "a ceramic coffee cup on linen" --asset-type product_illustration --out ./cups')
    .action(async (prompt: string, flags: GenerateFlags) => {
      await startAndFollow(context, flags, async (client) => {
        const brand = flags.brand === undefined ? {} : { brand_id: await brandIdOf(client, flags.brand) };
        if (flags.project !== undefined) {
          if (flags.assetType !== undefined || flags.preset !== undefined || flags.seed !== undefined) {
            throw usageFailure('--project takes only the prompt, --model and --brand; the project decides the rest.');
          }
          const accepted = await client.api.POST('/api/projects/{id}/generate', {
            params: { path: { id: flags.project } },
            body: { prompt, ...(flags.model !== undefined && { model: flags.model }), ...brand },
          });
          return accepted.data!.job_id;
        }
        const body = {
          prompt,
          ...(flags.model !== undefined && { model: flags.model }),
          ...(flags.assetType !== undefined && { asset_type: flags.assetType }),
          ...(flags.preset !== undefined && { preset: flags.preset }),
          ...(flags.seed !== undefined && { seed: flags.seed }),
          ...brand,
        };
        // The server checks the asset type and preset against its catalog and names what is wrong.
        const accepted = await client.api.POST('/api/generate', { body: body as never });
        return accepted.data!.job_id;
      });
    });
}

export function jobCommands(context: CommandContext): Command[] {
  const generate = generateCommand(context);
  const more = new Command('more')
    .description('Four more images with the same settings as a job, new seeds')
    .argument('<job>', 'the job id')
    .addOption(outOption())
    .addHelpText('after', '\nExample:\n  brandgen more 0192f5a8-…')
    .action(async (job: string, flags: JobOutputFlags) => {
      await startAndFollow(context, flags, async (client) => {
        const accepted = await client.api.POST('/api/jobs/{id}/more', { params: { path: { id: job } } });
        return accepted.data!.job_id;
      });
    });

  const edit = new Command('edit')
    .description('Change an image with an instruction, with a model that edits')
    .argument('<image>', 'the image id (brandgen images lists them)')
    .argument('<instruction>', 'what to change, e.g. "make the background blue"')
    .option('-m, --model <model>', 'a model that edits; the image’s own when it can')
    .addOption(outOption())
    .addHelpText('after', '\nExample:\n  brandgen edit 0192f5b1-… "make the background blue"')
    .action(async (image: string, instruction: string, flags: JobOutputFlags & { model?: string }) => {
      await startAndFollow(context, flags, async (client) => {
        const accepted = await client.api.POST('/api/images/{id}/edit', {
          params: { path: { id: image } },
          body: { instruction, ...(flags.model !== undefined && { model: flags.model }) },
        });
        return accepted.data!.job_id;
      });
    });

  const variations = new Command('variations')
    .description('Four variations of an image: new seeds, or a redraw of the image itself with --strength')
    .argument('<image>', 'the image id')
    .option('--strength <0-1>', 'redraw the image, keeping less of it the higher the value (models that take an image)', fraction)
    .addOption(outOption())
    .addHelpText('after', '\nExample:\n  brandgen variations 0192f5b1-… --strength 0.6')
    .action(async (image: string, flags: JobOutputFlags & { strength?: number }) => {
      await startAndFollow(context, flags, async (client) => {
        const accepted = await client.api.POST('/api/images/{id}/variations', {
          params: { path: { id: image } },
          body: flags.strength === undefined ? {} : { strength: flags.strength },
        });
        return accepted.data!.job_id;
      });
    });

  return [generate, more, edit, variations];
}
