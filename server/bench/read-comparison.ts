import { readFile } from 'node:fs/promises';
import { median, percentile } from './measure.ts';
import { wrkRound } from './wrk.ts';

/** Linux counts a process's CPU time in /proc in ticks of 1/100 s (USER_HZ, 100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds a process has used so far, all its threads included. */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A server under load: the address wrk asks and the process whose CPU is counted. */
export interface Side {
  url: string;
  pid: number;
}

interface Round {
  answers: number;
  seconds: number;
  serverCpu: number;
}

async function measuredRound(side: Side, seconds: number, headers: Record<string, string>): Promise<Round> {
  const before = await processCpuSeconds(side.pid);
  const { answers, duration } = await wrkRound(side.url, seconds, headers);
  return { answers, seconds: duration, serverCpu: (await processCpuSeconds(side.pid)) - before };
}

export interface Comparison {
  /** Requests per second, ours ÷ the yardstick's: the median of the rounds' ratios. */
  ratio: number;
  text: string;
  /** Not a target: server CPU per answer, the yardstick's ÷ ours, from the totals of all rounds. */
  cpuText: string;
}

/** Totals of rounds, so that the 10 ms ticks of /proc, ±1 at each end of a round, average out. */
function microsecondsPerAnswer(rounds: Round[]): number {
  const answers = rounds.reduce((sum, round) => sum + round.answers, 0);
  return (rounds.reduce((sum, round) => sum + round.serverCpu, 0) / answers) * 1e6;
}

/**
 * Alternating rounds of the same load on two servers, each ratio from neighbouring rounds: other work on a shared
 * machine then moves both sides of a ratio alike, and the median drops a round it disturbed more. Short rounds, as on
 * a shared two-core machine the rate of either server jumps between levels for seconds at a time and a pair measured
 * within two seconds mostly lands on one level; single pairs still read ±15 %, hence 40 of them.
 */
export async function compareSides(
  read: Side,
  yardstick: Side,
  options: { rounds: number; roundSeconds: number; headers: Record<string, string> },
): Promise<Comparison> {
  const ours: Round[] = [];
  const theirs: Round[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    ours.push(await measuredRound(read, options.roundSeconds, options.headers));
    theirs.push(await measuredRound(yardstick, options.roundSeconds, options.headers));
  }
  const rate = (rounds: Round[]) => rounds.map((round) => round.answers / round.seconds);
  const [rates, yardstickRates] = [rate(ours), rate(theirs)];
  const ratios = rates.map((value, index) => value / yardstickRates[index]!);
  const ratio = median(ratios);
  const [server, yardstickServer] = [microsecondsPerAnswer(ours), microsecondsPerAnswer(theirs)];
  return {
    ratio,
    text:
      `${ratio.toFixed(3)} (median of ${options.rounds} alternating rounds of ${options.roundSeconds} s, middle half ` +
      `${percentile(ratios, 0.25).toFixed(2)}–${percentile(ratios, 0.75).toFixed(2)}; median rates ` +
      `${median(rates).toFixed(0)} ÷ ${median(yardstickRates).toFixed(0)} a second)`,
    cpuText: `${(yardstickServer / server).toFixed(2)} (${yardstickServer.toFixed(1)} µs ÷ ${server.toFixed(1)} µs)`,
  };
}
