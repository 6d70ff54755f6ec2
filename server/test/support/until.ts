import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `condition` holds; the deadline only stops a hung run, it is not a speed requirement. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 90_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Waited in vain for ${what}.`);
    await sleep(intervalMs);
  }
}
