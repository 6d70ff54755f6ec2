import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { imageFilePath } from '../image-file-names.ts';
import { columns } from '../output.ts';

function limitOf(maximum: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > maximum)
      throw new InvalidArgumentError(`Give a whole number from 1 to ${maximum}.`);
    return number;
  };
}

const shortDate = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
const money = (usd: number) => `$${usd.toFixed(2)}`;

function jobsCommand(context: CommandContext): Command {
  return new Command('jobs')
    .description('Your latest jobs, newest first')
    .option('-n, --limit <n>', 'how many (1 to 100)', limitOf(100), 20)
    .addHelpText('after', '\nExample:\n  brandgen jobs --limit 5')
    .action(async (flags: { limit: number }) => {
      const output = context.output();
      const connection = await context.connect();
      const page = (await connection.call((client) => client.api.GET('/api/jobs', { params: { query: { limit: flags.limit } } }))).data!;
      output.result({ jobs: page.jobs });
      if (page.jobs.length === 0) return output.line('No jobs yet. Start one with: brandgen generate "a description"');
      const rows = page.jobs.map((job) => [job.id, job.status, shortDate(job.created_at), job.model, job.prompt]);
      for (const line of columns([['JOB', 'STATUS', 'CREATED', 'MODEL', 'PROMPT'], ...rows])) output.line(line);
    });
}

function imagesCommand(context: CommandContext): Command {
  return new Command('images')
    .description('Search your image library; optionally download what it finds')
    .argument('[words...]', 'words the prompt must contain')
    .option('-f, --favorites', 'only starred images')
    .option('-n, --limit <n>', 'how many (1 to 200)', limitOf(200), 50)
    .option('-d, --download <folder>', 'write the PNGs of the images found to this folder')
    .addHelpText('after', '\nExamples:\n  brandgen images coffee cup\n  brandgen images --favorites --download ./starred')
    .action(async (words: string[], flags: { favorites?: boolean; limit: number; download?: string }) => {
      const output = context.output();
      const connection = await context.connect();
      const query = {
        limit: flags.limit,
        ...(words.length > 0 && { q: words.join(' ') }),
        ...(flags.favorites && { favorite: 'true' as const }),
      };
      const page = (await connection.call((client) => client.api.GET('/api/images', { params: { query } }))).data!;
      let files: string[] = [];
      if (flags.download !== undefined) {
        const folder = path.resolve(context.workingDirectory, flags.download);
        await mkdir(folder, { recursive: true });
        files = await connection.call((client) =>
          Promise.all(
            page.images.map(async (image) => {
              const file = imageFilePath({ folder, prompt: image.prompt, jobId: image.job_id, n: image.n });
              await writeFile(file, await client.downloadImage(image.url));
              return file;
            }),
          ),
        );
      }
      output.result({ images: page.images, files });
      if (page.images.length === 0) return output.line('No images match.');
      const rows = page.images.map((image) => [image.id, image.favorite ? '★' : ' ', shortDate(image.created_at), image.prompt]);
      for (const line of columns([['IMAGE', '', 'CREATED', 'PROMPT'], ...rows])) output.line(line);
      if (files.length > 0) output.line(`Downloaded ${files.length} images to ${path.dirname(files[0]!)}`);
    });
}

function modelsCommand(context: CommandContext): Command {
  return new Command('models')
    .description('The models this server offers, with their licences and prices')
    .addHelpText('after', '\nExample:\n  brandgen models')
    .action(async () => {
      const output = context.output();
      const connection = await context.connect();
      const catalog = (await connection.call((client) => client.api.GET('/api/models'))).data!;
      output.result(catalog);
      const rows = catalog.models.map((model) => [
        model.id + (model.default ? ' *' : ''),
        model.label,
        model.licence.name + (model.licence.warning ? ' (!)' : ''),
        `${money(model.price_per_image_usd)}/image`,
        [model.supports_edit && 'edits', model.supports_image_to_image && 'image-to-image'].filter(Boolean).join(', '),
      ]);
      for (const line of columns([['MODEL', 'NAME', 'LICENCE', 'PRICE', 'CAN ALSO'], ...rows])) output.line(line);
      output.line(output.dim('* the default model; (!) commercial use is restricted: read the licence before first use.'));
      output.line(`Asset types: ${catalog.asset_types.map((type) => type.id).join(', ')}`);
    });
}

function usageCommand(context: CommandContext): Command {
  return new Command('usage')
    .description('Estimated spend per model and month, and the monthly budget')
    .option('--month <YYYY-MM>', 'one month only')
    .addHelpText('after', '\nExample:\n  brandgen usage --month 2026-11')
    .action(async (flags: { month?: string }) => {
      const output = context.output();
      const connection = await context.connect();
      const query = flags.month === undefined ? {} : { month: flags.month };
      const report = (await connection.call((client) => client.api.GET('/api/usage', { params: { query } }))).data!;
      output.result(report);
      const rows = report.rows.map((row) => [row.month, row.model, String(row.jobs), money(row.estimated_cost_usd)]);
      for (const line of columns([['MONTH', 'MODEL', 'JOBS', 'ESTIMATED'], ...rows])) output.line(line);
      const budget = report.monthly_budget_usd === null ? 'no monthly budget set' : `budget ${money(report.monthly_budget_usd)}`;
      output.line(`This month: ${money(report.this_month_usd)} (${budget}); in all: ${money(report.total_usd)}`);
    });
}

export function libraryCommands(context: CommandContext): Command[] {
  return [jobsCommand(context), imagesCommand(context), modelsCommand(context), usageCommand(context)];
}
