import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { killHard, SERVER_ENTRY, startServerProcess } from './support/server-process.ts';

test('a bad setting stops the start with a plain message and no stack trace', () => {
  const result = spawnSync(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, PORT: 'eighty', BRANDGEN_DATA_DIR: os.tmpdir() },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /Brandgen cannot start: the configuration is invalid\.\n {2}- PORT must be a whole number from 0 to 65535 \(got "eighty"\)/,
  );
  assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
});

test('settings come from a .env file in the working folder; the environment wins', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-dotenv-'));
  try {
    await writeFile(
      path.join(folder, '.env'),
      'BRANDGEN_MAX_QUEUE=1\nBRANDGEN_CONCURRENCY=1\n# the environment sets PORT, so this line must lose\nPORT=1\n',
    );
    const server = await startServerProcess(
      { BRANDGEN_DATA_DIR: path.join(folder, 'data'), BRANDGEN_DEMO_LATENCY_MS: '3000' },
      20_000,
      folder,
    );
    try {
      const post = () =>
        fetch(`${server.baseUrl}/api/generate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"prompt":"x"}',
        });
      assert.equal((await post()).status, 202);
      assert.equal((await post()).status, 503, 'BRANDGEN_MAX_QUEUE=1 came from .env');
    } finally {
      await killHard(server);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('without sign-in, a network address is refused with a way out, and no stack trace', () => {
  const result = spawnSync(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, HOST: '0.0.0.0', PORT: '0', BRANDGEN_AUTH: 'none', BRANDGEN_DATA_DIR: os.tmpdir() },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /HOST=0\.0\.0\.0 would let anyone on the network use Brandgen without signing in/);
  assert.match(result.stderr, /BRANDGEN_AUTH=oidc/);
  assert.doesNotMatch(result.stderr, /\bat .*\.ts:\d+/);
});

test('the operator may allow a network address without sign-in, and is warned', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-network-'));
  const server = await startServerProcess({ HOST: '0.0.0.0', BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK: 'true', BRANDGEN_DATA_DIR: folder });
  try {
    assert.match(server.output(), /without sign-in \(BRANDGEN_AUTH=none, BRANDGEN_ALLOW_UNAUTHENTICATED_NETWORK=true\)/);
  } finally {
    await killHard(server);
    await rm(folder, { recursive: true, force: true });
  }
});
