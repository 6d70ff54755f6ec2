import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { CliFailure } from '../cli-failure.ts';
import type { CommandContext } from '../command-context.ts';
import { ExitCode } from '../exit-codes.ts';

/** The server's own modules load only for these commands, so the client commands start fast. */
async function serve(role: string | undefined): Promise<void> {
  const { reportStartFailure, runServer } = await import('../../run-server.ts');
  try {
    await runServer(role);
  } catch (error) {
    reportStartFailure(error);
    throw new CliFailure({ message: 'Brandgen did not start.', exitCode: ExitCode.jobFailed });
  }
}

/** Backup, verify and restore work on the configured data folder (BRANDGEN_DATA_DIR, .env). */
async function dataFolder(): Promise<string> {
  const { loadConfig, loadDotEnvFile } = await import('../../config/config.ts');
  loadDotEnvFile();
  return loadConfig().dataDirectory;
}

/**
 * Verify unpacks into the data folder (beside the data it would restore, with room for it), or into the system's
 * temporary folder when this machine has no data folder: an archive can be checked on any machine.
 */
async function verifyScratchFolder(): Promise<string> {
  const dataDirectory = await dataFolder();
  return existsSync(dataDirectory) ? dataDirectory : os.tmpdir();
}

/** Plain words for what an operator can fix; anything else is reported as it is. */
async function asOperatorFailure(work: () => Promise<void>): Promise<void> {
  const { BackupInvalidError, DataFolderInUseError } = await import('../../backup/restore-backup.ts');
  const { ConfigError } = await import('../../config/config.ts');
  try {
    await work();
  } catch (error) {
    if (error instanceof BackupInvalidError || error instanceof DataFolderInUseError || error instanceof ConfigError) {
      throw new CliFailure({ message: error.message, exitCode: ExitCode.jobFailed });
    }
    throw error;
  }
}

export function operatorCommands(context: CommandContext): Command[] {
  const resolve = (file: string) => path.resolve(context.workingDirectory, file);

  const serveCommand = new Command('serve')
    .description('Run the Brandgen server (API, web app and worker, or one role of a scaled deployment)')
    .argument('[role]', 'all, api or worker; BRANDGEN_ROLE or all when left out')
    .addHelpText('after', '\nExample:\n  BRANDGEN_DATA_DIR=./data brandgen serve')
    .action((role: string | undefined) => serve(role));

  const worker = new Command('worker')
    .description('Run only the worker of a scaled deployment (needs DATABASE_URL and REDIS_URL)')
    .addHelpText('after', '\nExample:\n  DATABASE_URL=postgres://… REDIS_URL=redis://… brandgen worker')
    .action(() => serve('worker'));

  const backup = new Command('backup')
    .description('Write the database and all images to one archive (safe while the server runs)')
    .option('-o, --output <file>', 'the archive to write; brandgen-backup-<time>.zip when left out')
    .addHelpText('after', '\nExample:\n  brandgen backup --output nightly.zip')
    .action((flags: { output?: string }) =>
      asOperatorFailure(async () => {
        const { writeBackup } = await import('../../backup/write-backup.ts');
        const stamp = new Date()
          .toISOString()
          .replaceAll(':', '-')
          .replace(/\.\d+Z$/, 'Z');
        const output = resolve(flags.output ?? `brandgen-backup-${stamp}.zip`);
        const result = await writeBackup({ dataDirectory: await dataFolder(), output });
        console.log(
          `Backup written to ${result.file}: the database and ${result.images} image files, ${(result.bytes / 1e6).toFixed(1)} MB.`,
        );
        if (result.droppedImages > 0) console.log(`${result.droppedImages} images expired while the backup ran and are not in it.`);
      }),
    );

  const verify = new Command('verify')
    .description('Check a backup archive completely without changing anything')
    .argument('<file>', 'the archive')
    .addHelpText('after', '\nExample:\n  brandgen verify nightly.zip')
    .action((file: string) =>
      asOperatorFailure(async () => {
        const { verifyBackup } = await import('../../backup/restore-backup.ts');
        const manifest = await verifyBackup(resolve(file), await verifyScratchFolder());
        console.log(`The backup is complete and intact: made ${manifest.created_at}, ${manifest.files.length - 1} image files.`);
      }),
    );

  const restore = new Command('restore')
    .description('Check an archive, then replace the data folder with it (stop the server first; the old data is moved aside)')
    .argument('<file>', 'the archive')
    .addHelpText('after', '\nExample:\n  brandgen restore nightly.zip')
    .action((file: string) =>
      asOperatorFailure(async () => {
        const { restoreBackup } = await import('../../backup/restore-backup.ts');
        const dataDirectory = await dataFolder();
        const result = await restoreBackup({ archive: resolve(file), dataDirectory });
        console.log(`Restored the database and ${result.images} image files into ${dataDirectory}.`);
        if (result.previousData) console.log(`The data it replaced was moved to ${result.previousData}.`);
      }),
    );

  const migrateTo = new Command('migrate-to')
    .description('Copy this installation to PostgreSQL and Azure Blob (brandgen migrate-to --help for its options)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'passed to the copy: --database URL [--blobs azure|keep]')
    .action(async (options: string[]) => {
      const { migrateToCommand } = await import('../migrate-to.ts');
      const code = await migrateToCommand(options);
      if (code !== 0)
        throw new CliFailure({ message: 'The copy did not finish.', exitCode: code === 2 ? ExitCode.usage : ExitCode.jobFailed });
    });

  return [serveCommand, worker, backup, verify, restore, migrateTo];
}
