// `npm run backup` / `npm run restore -- FILE`: operator commands that work on the configured data folder.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupInvalidError, DataFolderInUseError, restoreBackup, verifyBackup } from './backup/restore-backup.ts';
import { writeBackup } from './backup/write-backup.ts';
import { ConfigError, loadConfig, loadDotEnvFile } from './config/config.ts';

const usage = `Usage:
  brandgen backup [--output FILE]   write the database and all images to one archive (safe while the server runs)
  brandgen verify FILE              check an archive completely without changing anything
  brandgen restore FILE             check an archive, then replace the data folder's database and images with it
                                    (stop the server first; the replaced data is moved aside, not deleted)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { output: { type: 'string', short: 'o' } } });
  const [command, fileArgument] = positionals;
  // npm runs workspace scripts in the workspace folder; paths the user typed are relative to where they typed them.
  const here = process.env.INIT_CWD ?? process.cwd();
  const file = fileArgument && path.resolve(here, fileArgument);
  loadDotEnvFile();
  const config = loadConfig();
  if (command === 'backup') {
    const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
    const output = path.resolve(here, values.output ?? `brandgen-backup-${stamp}.zip`);
    const result = await writeBackup({ dataDirectory: config.dataDirectory, output });
    console.log(`Backup written to ${result.file}: the database and ${result.images} image files, ${(result.bytes / 1e6).toFixed(1)} MB.`);
    if (result.droppedImages > 0) console.log(`${result.droppedImages} images expired while the backup ran and are not in it.`);
    return 0;
  }
  if ((command === 'restore' || command === 'verify') && file) {
    if (command === 'verify') {
      const manifest = await verifyBackup(file, config.dataDirectory);
      console.log(`The backup is complete and intact: made ${manifest.created_at}, ${manifest.files.length - 1} image files.`);
      return 0;
    }
    const result = await restoreBackup({ archive: file, dataDirectory: config.dataDirectory });
    console.log(`Restored the database and ${result.images} image files into ${config.dataDirectory}.`);
    if (result.previousData) console.log(`The data it replaced was moved to ${result.previousData}.`);
    return 0;
  }
  console.error(usage);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupInvalidError || error instanceof DataFolderInUseError || error instanceof ConfigError) console.error(error.message);
    else console.error('The command failed:', error);
    process.exit(1);
  },
);
