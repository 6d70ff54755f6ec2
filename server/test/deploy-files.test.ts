// The Docker files cannot be built on the development machine (no engine, no registry), so what can be checked
// without Docker is checked here: the settings the image and Compose give each Brandgen container start Brandgen.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { checkNetworkExposure, loadConfig } from '../src/config/config.ts';
import { hostnameOf, hostPolicy } from '../src/http/host-check.ts';
import { HEALTH_PATHS } from '../src/http/probe-access.ts';
import { startScriptNodeOptions } from './support/server-process.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The variables of the Dockerfile's last stage's ENV instructions (`KEY=value` pairs, lines joined by `\`). */
async function dockerfileEnvironment(): Promise<Record<string, string>> {
  const text = (await readFile(path.join(root, 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const environment: Record<string, string> = {};
  for (const line of lastStage.split('\n').filter((candidate) => candidate.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/([A-Z0-9_]+)=(\S+)/g)) environment[name!] = value!;
  }
  return environment;
}

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  build?: unknown;
}

async function brandgenServices(): Promise<Array<[string, ComposeService]>> {
  const compose = parse(await readFile(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
}

test('every Brandgen container of compose.yaml starts with the image settings plus its own', async () => {
  const image = await dockerfileEnvironment();
  assert.equal(image.HOST, '0.0.0.0', 'a container must listen on all its interfaces');
  const services = await brandgenServices();
  assert.deepEqual(services.map(([name]) => name).sort(), ['api', 'worker']);
  for (const [name, service] of services) {
    const environment = { ...image, ...service.environment, BRANDGEN_ROLE: service.command?.[0] ?? 'all' };
    const config = loadConfig(environment);
    assert.equal(config.role, name);
    assert.match(config.database, /^postgres:\/\//, `${name} uses PostgreSQL`);
    assert.ok(config.redis, `${name} uses Redis`);
    assert.ok(config.azure, `${name} uses Azure Blob storage`);
    // Without sign-in, a container listening on 0.0.0.0 starts only when that is allowed explicitly.
    assert.doesNotThrow(() => checkNetworkExposure(config), `${name} passes the network exposure check`);
  }
});

test('without sign-in, Compose publishes the API on this machine only', async () => {
  for (const [name, service] of await brandgenServices()) {
    const auth = service.environment?.BRANDGEN_AUTH ?? 'none';
    for (const port of service.ports ?? []) {
      if (auth === 'none') assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port}`);
    }
  }
});

test('the image alone, without sign-in configured, refuses to start with a way out', async () => {
  const config = loadConfig({ ...(await dockerfileEnvironment()) });
  assert.throws(() => checkNetworkExposure(config), /BRANDGEN_AUTH=oidc/);
});

test('the address compose.yaml says to open is a name the API answers to, and the image health check is answered', async () => {
  const compose = await readFile(path.join(root, 'compose.yaml'), 'utf8');
  const address = /then open (http:\/\/\S+)/.exec(compose)?.[1];
  assert.ok(address, 'compose.yaml says where to open Brandgen');
  const image = await dockerfileEnvironment();
  const [, api] = (await brandgenServices()).find(([name]) => name === 'api')!;
  const config = loadConfig({ ...image, ...api.environment, BRANDGEN_ROLE: 'api' });
  const publicUrl = config.auth.mode === 'oidc' ? config.auth.publicUrl : undefined;
  const allows = hostPolicy({ mode: config.auth.mode, publicUrl, allowedHosts: config.allowedHosts });
  assert.ok(allows(hostnameOf(new URL(address).host)!), `${address} is not refused as a foreign Host`);
  // The container's own health check calls it by 127.0.0.1; probes are answered whatever the Host anyway.
  const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
  const probe = /HEALTHCHECK[\s\S]*?fetch\('http:\/\/([^:]+):'\+process\.env\.PORT\+'([^']+)'/.exec(dockerfile);
  assert.ok(probe, 'the Dockerfile has a HEALTHCHECK that fetches a path');
  assert.ok(HEALTH_PATHS.has(probe[2]!) || allows(probe[1]!), `the HEALTHCHECK's ${probe[2]} is answered`);
});

test('every way of starting the compiled server gives Node the options `npm start` gives it', async () => {
  const options = startScriptNodeOptions();
  assert.ok(options.includes('--max-semi-space-size=8'), 'the idle memory figure in the README depends on it');
  const command = (...words: string[]) => ['node', ...options, ...words].join(' ');
  const server = JSON.parse(await readFile(path.join(root, 'server/package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(server.scripts.worker, command('dist/main.js', 'worker'));
  assert.equal(server.scripts['start:api'], command('dist/main.js', 'api'));
  const workspace = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(workspace.scripts['start:direct'], `npm run build && ${command('server/dist/main.js')}`);
  const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(await readFile(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
  assert.deepEqual(JSON.parse(entrypoint ?? '[]'), ['node', ...options, 'server/dist/main.js']);
  const productionCheck = await readFile(path.join(root, 'scripts/check-production-install.sh'), 'utf8');
  assert.ok(productionCheck.includes(command('server/dist/main.js', 'all')), 'check-production-install.sh starts it as npm start does');
});
