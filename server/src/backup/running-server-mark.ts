import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A running server leaves its process id in its data folder, so that `restore` can refuse to swap the database out
 * from under it. A mark left behind by a crash names a process that is gone, and is ignored.
 */
const MARK_NAME = 'brandgen.pid';

export function runningServerMarkPath(dataDirectory: string): string {
  return path.join(dataDirectory, MARK_NAME);
}

/** Writes this process's mark; the returned function removes it again (only if it is still ours). */
export function markRunningServer(dataDirectory: string): () => void {
  const file = runningServerMarkPath(dataDirectory);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (readMark(file) === process.pid) rmSync(file, { force: true });
  };
}

/** The process id of a live server using this data folder, or null when none is running. */
export function runningServerProcess(dataDirectory: string): number | null {
  const pid = readMark(runningServerMarkPath(dataDirectory));
  if (pid === null) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function readMark(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
