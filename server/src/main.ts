import './threadpool-size.ts';
import { reportStartFailure, runServer } from './run-server.ts';

/** `node main.js [all|api|worker]` runs Brandgen; `node main.js migrate-to …` copies an installation. */
async function main(): Promise<void> {
  if (process.argv[2] === 'migrate-to') {
    const { migrateToCommand } = await import('./cli/migrate-to.ts');
    process.exitCode = await migrateToCommand(process.argv.slice(3));
    return;
  }
  await runServer(process.argv[2]);
}

main().catch((error: unknown) => {
  reportStartFailure(error);
  process.exit(1);
});
