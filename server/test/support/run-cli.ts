import { spawn } from 'node:child_process';
import path from 'node:path';

export const CLI_ENTRY = path.resolve(import.meta.dirname, '../../bin/brandgen.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  environment: Record<string, string>;
  cwd: string;
  /** Called with each line of standard output as it arrives, e.g. to approve a device code the command shows. */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

/** Runs `brandgen ARGS` as its own process, as a user would, and collects what it printed and its exit code. */
export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  return runCommand(process.execPath, [CLI_ENTRY, ...args], options);
}

/** Runs a command (the CLI itself, or `script` around it for a terminal) and collects its output. */
export function runCommand(command: string, args: string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Only what the test gives, plus PATH and HOME, so the developer's own BRANDGEN_* settings stay out.
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
