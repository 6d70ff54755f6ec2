// The one-file `brandgen` an installed copy runs (built by `npm run build`): the client commands work from the bundle
// alone, and the operator commands still reach the compiled server they load on demand.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand } from './support/run-cli.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

const BUNDLE = path.resolve(import.meta.dirname, '../dist/cli/brandgen-bundle.js');
const built = existsSync(BUNDLE) && existsSync(path.resolve(import.meta.dirname, '../dist/backup/restore-backup.js'));
if (!built && process.env.CI) throw new Error(`${BUNDLE} is missing: CI runs npm run build before the tests`);
if (!built) console.log(`# skipped: ${BUNDLE} is not built (run npm run build)`);

describe('the bundled brandgen command', { skip: !built }, () => {
  let app: TestBrandgen;
  let home: string;
  let environment: Record<string, string>;
  const runBundle = (args: string[]) => runCommand(process.execPath, [BUNDLE, ...args], { environment, cwd: home });

  before(async () => {
    app = await startTestBrandgen();
    home = await mkdtemp(path.join(os.tmpdir(), 'brandgen-cli-bundle-'));
    environment = { BRANDGEN_SERVER: app.baseUrl, XDG_CONFIG_HOME: path.join(home, 'config') };
  });
  after(async () => {
    await app?.close();
    await rm(home, { recursive: true, force: true });
  });

  test('generate writes the four PNGs and prints its JSON document', async () => {
    const run = await runBundle(['generate', 'bundled kite', '--json', '--out', 'kites']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).status, 'complete');
    assert.equal((await readdir(path.join(home, 'kites'))).filter((name) => name.endsWith('.png')).length, 4);
  });

  test('--version reads the package version; a usage error exits 2', async () => {
    const version = await runBundle(['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.equal((await runBundle(['frobnicate'])).code, 2);
  });

  test('verify loads the compiled server’s backup module and says in plain words what is wrong', async () => {
    await writeFile(path.join(home, 'not-a-backup.zip'), 'hello');
    const run = await runBundle(['verify', 'not-a-backup.zip']);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /not a Brandgen backup/);
    assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND|at .*\.js:\d+/);
  });
});
