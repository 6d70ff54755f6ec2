import { createBrandgen } from './app.ts';
import { checkNetworkExposure, ConfigError, loadConfig, loadDotEnvFile } from './config/config.ts';

async function main(): Promise<void> {
  loadDotEnvFile();
  const config = loadConfig();
  const exposureWarning = checkNetworkExposure(config);
  const brandgen = await createBrandgen(config);
  const address = await brandgen.start();
  if (exposureWarning) brandgen.server.log.warn(exposureWarning);
  brandgen.server.log.info(`Brandgen is ready at ${address.replace('0.0.0.0', '127.0.0.1')}`);
  if (!config.webDirectory) {
    brandgen.server.log.warn('The web app is not built (web/dist is missing): only the API is served. Run `npm run build`.');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    brandgen.server.log.info(`${signal} received, stopping`);
    await brandgen.stop();
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
