import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How to get wrk, printed where it is missing. */
export const WRK_INSTALL = 'install wrk (Debian and Ubuntu: apt-get install wrk; macOS: brew install wrk)';

/** Whether wrk can be started here: it prints its usage and exits 1 when asked for its version. */
export async function wrkAvailable(): Promise<boolean> {
  return run('wrk', ['--version']).then(
    () => true,
    (error: NodeJS.ErrnoException & { stdout?: string }) => error.code !== 'ENOENT' && /wrk/i.test(error.stdout ?? ''),
  );
}

const TIME_UNITS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * One round of load from wrk (one thread, 16 keep-alive connections, as a busy client would hold): the answers it
 * counted and the seconds it ran. wrk is written in C and reads answers without keeping them, so its cost per answer
 * hardly depends on the answer; every answer must be a 2xx or 3xx, with no socket errors.
 */
export async function wrkRound(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<{ answers: number; duration: number }> {
  const headerArguments = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const { stdout } = await run('wrk', ['-t1', '-c16', `-d${Math.max(1, Math.round(seconds))}s`, ...headerArguments, url]);
  const counted = /(\d+) requests in ([\d.]+)(us|ms|s|m|h)/.exec(stdout);
  if (counted === null) throw new Error(`${url}: wrk printed no request count:\n${stdout}`);
  const refused = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1];
  if (refused !== undefined || socketErrors !== undefined) {
    throw new Error(`${url}: ${refused ?? 0} answers were not 2xx or 3xx; socket errors: ${socketErrors ?? 'none'}`);
  }
  return { answers: Number(counted[1]), duration: Number(counted[2]) * TIME_UNITS[counted[3]!]! };
}
