// `brandgen generate` against following the same kind of job directly over SSE: the command line may add its start-up
// and nothing else (its downloads overlap the drawing), so the ratio stays close to 1.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../test/support/run-cli.ts';
import { killHard, startServerProcess, BUILT_SERVER_ENTRY } from '../test/support/server-process.ts';
import { followEvents, median, postJob } from './measure.ts';

/** The demo model's default time per image, what a newcomer's jobs take; hosted models take several seconds more. */
const DEMO_LATENCY_MS = 1500;
const ROUNDS = 5;
/** What `npm install -g` runs: the compiled command in one bundle, not the sources a checkout runs through type stripping. */
const BUILT_CLI_ENTRY = path.resolve(import.meta.dirname, '../dist/cli/brandgen-bundle.js');

type Report = (name: string, value: string, target: string, met: boolean) => void;

export async function benchCommandLine(report: Report): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'brandgen-bench-cli-'));
  const server = await startServerProcess(
    {
      BRANDGEN_DATA_DIR: path.join(scratch, 'data'),
      BRANDGEN_DEMO_LATENCY_MS: String(DEMO_LATENCY_MS),
      BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'error',
    },
    20_000,
    undefined,
    BUILT_SERVER_ENTRY,
  );
  const direct = async (round: number) => {
    const started = performance.now();
    const jobId = await postJob(server.baseUrl, `direct ${round}`);
    await followEvents(`${server.baseUrl}/api/jobs/${jobId}/events`, () => {});
    return performance.now() - started;
  };
  const commandLine = async (round: number) => {
    const started = performance.now();
    const run = await runCommand(process.execPath, [BUILT_CLI_ENTRY, 'generate', `command line ${round}`, '--out', 'images', '--json'], {
      environment: { BRANDGEN_SERVER: server.baseUrl, XDG_CONFIG_HOME: path.join(scratch, 'config') },
      cwd: scratch,
    });
    if (run.code !== 0) throw new Error(`brandgen generate exited ${run.code}: ${run.stderr}`);
    return performance.now() - started;
  };
  try {
    await direct(-1);
    await commandLine(-1);
    const directTimes: number[] = [];
    const commandTimes: number[] = [];
    // Alternated, so that whatever else the machine does weighs on both alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      directTimes.push(await direct(round));
      commandTimes.push(await commandLine(round));
    }
    const ratio = median(commandTimes) / median(directTimes);
    report(
      'brandgen generate (four PNGs written) ÷ the same job followed over SSE',
      `${ratio.toFixed(3)} (${median(commandTimes).toFixed(0)} ms ÷ ${median(directTimes).toFixed(0)} ms, medians of ${ROUNDS}, demo at ${DEMO_LATENCY_MS} ms per image)`,
      '≤ 1.10',
      ratio <= 1.1,
    );
  } finally {
    await killHard(server);
    await rm(scratch, { recursive: true, force: true });
  }
}
