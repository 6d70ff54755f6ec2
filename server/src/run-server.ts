import { createBrandgen } from './app.ts';
import { markRunningServer } from './backup/running-server-mark.ts';
import { checkNetworkExposure, ConfigError, loadConfig, loadDotEnvFile } from './config/config.ts';

const ROLES = ['all', 'api', 'worker'];

/**
 * Runs Brandgen until SIGINT or SIGTERM: `npm start`, `node main.js [role]` and `brandgen serve|worker` all come here.
 * The role, when given, sets BRANDGEN_ROLE (so `brandgen worker` needs no environment).
 */
export async function runServer(role: string | undefined): Promise<void> {
  loadDotEnvFile();
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
  if (exposureWarning) brandgen.logger.warn(exposureWarning);
  const url = address.replace('0.0.0.0', '127.0.0.1');
  const readyLine =
    config.role === 'worker'
      ? `Brandgen worker is running jobs; health, readiness and metrics at ${url}`
      : `Brandgen${config.role === 'api' ? ' API' : ''} is ready: open ${url}`;
  brandgen.logger.info({ url, role: config.role }, readyLine);
  if (process.stdout.isTTY) console.log(`\n  ${readyLine}\n`);
  if (!config.webDirectory && config.role !== 'worker') {
    brandgen.logger.warn('The web app is not built (web/dist is missing): only the API is served. Run `npm run build`.');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    brandgen.logger.info(`${signal} received, stopping`);
    await brandgen.stop();
    unmark();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** What a failed start says: plain words for what the operator can fix, the error itself otherwise. */
export function reportStartFailure(error: unknown): void {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`Brandgen cannot start: the port is already in use. Set PORT to a free port.`);
  } else console.error('Brandgen could not start:', error);
}
