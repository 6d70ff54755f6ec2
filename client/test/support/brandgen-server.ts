import { startTestBrandgen, type TestBrandgen } from '../../../server/test/support/test-brandgen.ts';
import { createBrandgenClient, type BrandgenClient, type BrandgenClientOptions } from '../../src/index.ts';

export { startTestBrandgen, type TestBrandgen };

/** A real Brandgen in `none` mode (demo model, SQLite, its own data folder) and a client pointed at it. */
export async function startServerAndClient(
  environment: Record<string, string> = {},
  clientOptions: Partial<BrandgenClientOptions> = {},
): Promise<{ server: TestBrandgen; client: BrandgenClient; close(): Promise<void> }> {
  const server = await startTestBrandgen(environment, { retentionSweepIntervalMs: 0 });
  const client = createBrandgenClient({ baseUrl: server.baseUrl, ...clientOptions });
  return { server, client, close: () => server.close() };
}
