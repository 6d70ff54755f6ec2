import { readFile } from 'node:fs/promises';
import { loadRound } from './measure.ts';

/** Linux counts a process's CPU time in /proc in ticks of 1/100 s (USER_HZ, 100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds a process has used so far, all its threads included. */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export interface Side {
  url: string;
  pid: number;
}

/** Microseconds of CPU per answer in the server and in this process (the client) over alternating rounds. */
async function cpuPerAnswer(sides: readonly Side[], rounds: number, roundSeconds: number, headers: Record<string, string>) {
  const totals = sides.map(() => ({ server: 0, client: 0, answers: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, side] of sides.entries()) {
      const serverBefore = await processCpuSeconds(side.pid);
      const clientBefore = process.cpuUsage();
      const { answers } = await loadRound(side.url, roundSeconds, headers);
      const client = process.cpuUsage(clientBefore);
      totals[index]!.server += (await processCpuSeconds(side.pid)) - serverBefore;
      totals[index]!.client += (client.user + client.system) / 1e6;
      totals[index]!.answers += answers;
    }
  }
  return totals.map(({ server, client, answers }) => ({ server: (server / answers) * 1e6, client: (client / answers) * 1e6 }));
}

/**
 * Not a target: where the CPU of a job read goes, in the server and in the client that shares the machine's cores
 * with it, each against the hello-world's. On a two-core machine the requests-per-second ratio is bounded by both;
 * the client (autocannon, whose HTTP parser is JavaScript and which keeps each body as a string) spends more on a
 * larger answer whatever the server does. Returns undefined where /proc cannot be read (not Linux).
 */
export async function describeCpuPerAnswer(
  read: Side,
  yardstick: Side,
  options: { rounds: number; roundSeconds: number; headers: Record<string, string> },
): Promise<string | undefined> {
  const readable = await processCpuSeconds(read.pid).then(
    () => true,
    () => false,
  );
  if (!readable) return undefined;
  const [ours, hello] = await cpuPerAnswer([read, yardstick], options.rounds, options.roundSeconds, options.headers);
  const micro = (value: number) => `${value.toFixed(1)} µs`;
  return (
    `server ${micro(ours!.server)} against ${micro(hello!.server)} (hello-world's ÷ ours ${(hello!.server / ours!.server).toFixed(2)}), ` +
    `client ${micro(ours!.client)} against ${micro(hello!.client)} (${(hello!.client / ours!.client).toFixed(2)}), ` +
    `over ${options.rounds} alternating rounds of ${options.roundSeconds.toFixed(2)} s`
  );
}
