import { systemClock, type Clock } from '../../src/services/clock.ts';

/** A clock a test moves by hand, e.g. a month ahead to let images expire; ids stay real UUIDv7. */
export function settableClock(start = new Date()): Clock & { set(time: Date): void; advanceDays(days: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current).toISOString(),
    newId: systemClock.newId,
    set(time: Date) {
      current = time.getTime();
    },
    advanceDays(days: number) {
      current += days * 24 * 60 * 60 * 1000;
    },
  };
}
