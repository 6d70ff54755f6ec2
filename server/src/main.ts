import { createBrandgen } from './app.ts';
import { markRunningServer } from './backup/running-server-mark.ts';
import { checkNetworkExposure, ConfigError, loadConfig, loadDotEnvFile } from './config/config.ts';

const ROLES = ['all', 'api', 'worker'];

/** `node main.js [all|api|worker]` runs Brandgen; `node main.js migrate-to …` copies an installation. The role argument, when given, sets BRANDGEN_ROLE (so `npm run worker` needs no env). */
async function main(): Promise<void> {
  if (process.argv[2] === 'migrate-to') {
    const { migrateToCommand } = await import('./cli/migrate-to.ts');
    process.exitCode = await migrateToCommand(process.argv.slice(3));
    return;
  }
  loadDotEnvFile();
  const role = process.argv[2];
  if (role !== undefined) {
    if (!ROLES.includes(role)) throw new ConfigError(`Brandgen cannot start: the role must be all, api or worker (got "${role}").`);
    process.env.BRANDGEN_ROLE = role;
  }
  const config = loadConfig();
  const exposureWarning = checkNetworkExposure(config);
  const brandgen = await createBrandgen(config);
  // Marked before listening, so that a server answering requests is always marked.
  const unmark = markRunningServer(config.dataDirectory);
  const address = await brandgen.start();
  if (exposureWarning) brandgen.server.log.warn(exposureWarning);
  const url = address.replace('0.0.0.0', '127.0.0.1');
  const readyLine =
    config.role === 'worker'
      ? `Brandgen worker is running jobs; health, readiness and metrics at ${url}`
      : `Brandgen${config.role === 'api' ? ' API' : ''} is ready: open ${url}`;
  brandgen.server.log.info({ url, role: config.role }, readyLine);
  if (process.stdout.isTTY) console.log(`\n  ${readyLine}\n`);
  if (!config.webDirectory && config.role !== 'worker') {
    brandgen.server.log.warn('The web app is not built (web/dist is missing): only the API is served. Run `npm run build`.');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    brandgen.server.log.info(`${signal} received, stopping`);
    await brandgen.stop();
    unmark();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`Brandgen cannot start: the port is already in use. Set PORT to a free port.`);
  } else console.error('Brandgen could not start:', error);
  process.exit(1);
});
