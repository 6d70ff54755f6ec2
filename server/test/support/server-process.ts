import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const SERVER_ENTRY = path.resolve(import.meta.dirname, '../../src/main.ts');
/** What `npm start` runs: the compiled server, as operators run it (with `npm start`'s Node options). */
export const BUILT_SERVER_ENTRY = path.resolve(import.meta.dirname, '../../dist/main.js');

/** The Node options `npm start` gives the compiled server (server/package.json's start script), in order. */
export function startScriptNodeOptions(): string[] {
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = manifest.scripts.start!.split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js') throw new Error(`unexpected start script: ${manifest.scripts.start}`);
  return words.slice(1, -1);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts `node src/main.ts` as its own process and waits until /api/health answers. */
export async function startServerProcess(
  environment: Record<string, string>,
  timeoutMs = 20_000,
  workingDirectory?: string,
  entry = SERVER_ENTRY,
): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const options = entry === BUILT_SERVER_ENTRY ? startScriptNodeOptions() : [];
  const child = spawn(process.execPath, [...options, entry], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(workingDirectory && { cwd: workingDirectory }),
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, baseUrl, output: () => output };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Asks the server to stop as an operator would, and kills it if it has not stopped after `graceMs`. */
export async function stopServerProcess(server: ServerProcess | undefined, graceMs = 5_000): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function killHard(server: ServerProcess): Promise<void> {
  // A process killed before has no exit code but a signal, and will never emit 'exit' again.
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** Model calls a process has finished, from its /metrics: all of them, or only those that gave an image. */
export async function modelCallsOf(server: ServerProcess, outcome?: 'ok'): Promise<number> {
  const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return [...metrics.matchAll(/^brandgen_generation_seconds_count\{([^}]*)\} (\d+)$/gm)]
    .filter(([, labels]) => outcome === undefined || labels!.includes(`outcome="${outcome}"`))
    .reduce((sum, [, , count]) => sum + Number(count), 0);
}
