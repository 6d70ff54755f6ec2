import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { MEMBERS_GROUP, startOidcSetup, type OidcSetup } from './support/oidc-brandgen.ts';
import { runCli, runCommand } from './support/run-cli.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { freePort } from './support/server-process.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

async function pngsIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.png')).sort();
}

describe('brandgen command line, no sign-in', () => {
  let app: TestBrandgen;
  let home: string;
  let environment: Record<string, string>;

  before(async () => {
    app = await startTestBrandgen();
    home = await mkdtemp(path.join(os.tmpdir(), 'brandgen-cli-'));
    environment = { BRANDGEN_SERVER: app.baseUrl, XDG_CONFIG_HOME: path.join(home, 'config') };
  });
  after(async () => {
    await app?.close();
    await rm(home, { recursive: true, force: true });
  });

  test('generate writes four 1024×1024 PNGs named after the prompt, the job and n, with line progress when piped', async () => {
    const run = await runCli(['generate', 'A red bicycle, top view!', '--seed', '7', '--out', 'bikes'], { environment, cwd: home });
    assert.equal(run.code, 0, run.stderr);
    const files = await pngsIn(path.join(home, 'bikes'));
    assert.equal(files.length, 4);
    for (const [n, file] of files.entries()) {
      assert.match(file, new RegExp(`^a-red-bicycle-top-view-[0-9a-f]{12}-${n}\\.png$`));
      const metadata = await sharp(path.join(home, 'bikes', file)).metadata();
      assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 1024, 1024]);
    }
    for (let n = 1; n <= 4; n += 1) assert.match(run.stdout, new RegExp(`image ${n}: ready`));
    assert.ok(!run.stdout.includes('\u001b['), 'no terminal escapes in a pipe');
    assert.match(run.stdout, /✓ bikes\/a-red-bicycle/);
  });

  test('--json prints one parseable document; --json --progress prints JSON lines ending with the result', async () => {
    const json = await runCli(['generate', 'paper plane', '--json', '--out', 'planes'], { environment, cwd: home });
    assert.equal(json.code, 0, json.stderr);
    const document = JSON.parse(json.stdout);
    assert.equal(document.status, 'complete');
    assert.equal(document.files.length, 4);
    assert.equal((await pngsIn(path.join(home, 'planes'))).length, 4);

    const lines = await runCli(['generate', 'kite', '--json', '--progress', '--out', 'kites'], { environment, cwd: home });
    assert.equal(lines.code, 0, lines.stderr);
    const records = lines.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.ok(
      records.some((record) => record.type === 'image'),
      'image events are reported',
    );
    const result = records.at(-1);
    assert.equal(result.type, 'result');
    assert.equal(result.files.length, 4);
  });

  test('a bad prompt exits 2 with the server’s field message; an unknown option exits 2', async () => {
    const run = await runCli(['generate', '   '], { environment, cwd: home });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /prompt: Describe the image you need\./);
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
    const unknown = await runCli(['generate', 'x', '--colour', 'red'], { environment, cwd: home });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--colour'/);
  });

  test('an unreachable server exits 4 and says what to do', async () => {
    const port = await freePort();
    const run = await runCli(['jobs'], { environment: { ...environment, BRANDGEN_SERVER: `http://127.0.0.1:${port}` }, cwd: home });
    assert.equal(run.code, 4);
    assert.match(run.stderr, new RegExp(`Cannot reach the Brandgen server at http://127.0.0.1:${port}.*--server or BRANDGEN_SERVER`));
  });

  test('more, variations and edit follow their jobs; jobs, images, models and usage list what is there', async () => {
    const first = JSON.parse((await runCli(['generate', 'coffee cup', '--json', '--out', 'cups'], { environment, cwd: home })).stdout);
    const more = await runCli(['more', first.job_id, '--json', '--out', 'cups'], { environment, cwd: home });
    assert.equal(more.code, 0, more.stderr);
    assert.equal(JSON.parse(more.stdout).files.length, 4);

    const images = JSON.parse((await runCli(['images', 'coffee', '--json'], { environment, cwd: home })).stdout);
    assert.equal(images.images.length, 8);
    const image = images.images[0].id;
    const variations = await runCli(['variations', image, '--strength', '0.5', '--json', '--out', 'cups'], { environment, cwd: home });
    assert.equal(variations.code, 0, variations.stderr);
    assert.equal(JSON.parse(variations.stdout).files.length, 4, variations.stdout);
    const edit = await runCli(['edit', image, 'make the background blue', '--json', '--out', 'cups'], { environment, cwd: home });
    assert.equal(edit.code, 0, edit.stderr);
    assert.equal(JSON.parse(edit.stdout).files.length, 4, edit.stdout);
    assert.equal((await pngsIn(path.join(home, 'cups'))).length, 16);

    const jobs = await runCli(['jobs', '--limit', '3'], { environment, cwd: home });
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.match(jobs.stdout, /^JOB\s+STATUS\s+CREATED\s+MODEL\s+PROMPT/m);
    const models = await runCli(['models'], { environment, cwd: home });
    assert.match(models.stdout, /^demo \*\s+Demo/m);
    const usage = await runCli(['usage', '--json'], { environment, cwd: home });
    assert.equal(typeof JSON.parse(usage.stdout).total_usd, 'number');

    const download = await runCli(['images', 'coffee', '--download', 'library'], { environment, cwd: home });
    assert.equal(download.code, 0, download.stderr);
    // Generated, more, variations and the edit all carry the prompt "coffee cup": an edit keeps its source's prompt.
    assert.equal((await pngsIn(path.join(home, 'library'))).length, 16);
  });

  test('batch runs a prompt file with progress and downloads every image', async () => {
    await writeFile(path.join(home, 'prompts.txt'), 'a lighthouse\n\n  a kite  \n');
    const run = await runCli(['batch', 'prompts.txt', '--out', 'batch'], { environment, cwd: home });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /prompt 2\/2 complete 4\/4: a kite/);
    assert.equal((await pngsIn(path.join(home, 'batch'))).length, 8);
    const empty = await runCli(['batch', 'missing.txt'], { environment, cwd: home });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /Cannot read missing\.txt: no such file/);
  });

  test('on a terminal it draws one progress bar per image (checked through a pseudo-terminal)', async () => {
    const command = [process.execPath, path.resolve(import.meta.dirname, '../bin/brandgen.js'), 'generate', 'a kite', '--out', 'tty']
      .map((word) => `'${word}'`)
      .join(' ');
    const run = await runCommand('script', ['-qec', command, '/dev/null'], {
      environment: { ...environment, TERM: 'xterm-256color' },
      cwd: home,
    });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /image 4 [\u2588\u2591]{24} 100% ready/);
    assert.ok(run.stdout.includes('\u001b['), 'a terminal gets cursor movement and colour');
    assert.equal((await pngsIn(path.join(home, 'tty'))).length, 4);
  });

  test('login on a server without sign-in says so; --help shows an example; --version the version', async () => {
    const login = await runCli(['login'], { environment, cwd: home });
    assert.equal(login.code, 0);
    assert.match(login.stdout, /needs no sign-in/);
    const help = await runCli(['generate', '--help'], { environment, cwd: home });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Example:\n {2}brandgen generate/);
    const version = await runCli(['--version'], { environment, cwd: home });
    assert.equal(version.code, 0);
    const { version: packageVersion } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(version.stdout.trim(), packageVersion);
  });
});

describe('brandgen command line, with sign-in', () => {
  let setup: OidcSetup;
  let home: string;
  let environment: Record<string, string>;
  let approver: string;

  before(async () => {
    setup = await startOidcSetup({ BRANDGEN_DEVICE_POLL_SECONDS: '1' });
    approver = await setup.provider.signAccessToken({
      oid: 'user-a',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: 'Ada',
    });
    home = await mkdtemp(path.join(os.tmpdir(), 'brandgen-cli-oidc-'));
    environment = { BRANDGEN_SERVER: setup.app.baseUrl, XDG_CONFIG_HOME: path.join(home, 'config') };
  });
  after(async () => {
    await setup?.close();
    await rm(home, { recursive: true, force: true });
  });

  test('without a token every command exits 3 and says to run brandgen login', async () => {
    const run = await runCli(['jobs'], { environment, cwd: home });
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`Not signed in to ${setup.app.baseUrl}: run brandgen login`));
  });

  test('login through the device flow, generate, whoami, then logout revokes the token on the server', async () => {
    const approvals: Promise<Response>[] = [];
    const login = await runCli(['login', '--json', '--progress'], {
      environment,
      cwd: home,
      onLine: (line) => {
        const record = JSON.parse(line);
        if (record.type !== 'device_code') return;
        assert.equal(record.verification_uri, `${setup.app.baseUrl}/device`);
        approvals.push(
          fetch(`${setup.app.baseUrl}/api/auth/device/approve`, {
            method: 'POST',
            headers: { authorization: `Bearer ${approver}`, 'content-type': 'application/json' },
            body: JSON.stringify({ user_code: record.user_code, approve: true }),
          }),
        );
      },
    });
    assert.equal(login.code, 0, login.stderr);
    assert.equal((await Promise.all(approvals)).map((response) => response.status).join(), '204');
    const credentials = path.join(home, 'config', 'brandgen', 'credentials.json');
    assert.equal((await stat(credentials)).mode & 0o777, 0o600, 'only the user may read the token');
    const saved = JSON.parse(await readFile(credentials, 'utf8'));
    const token: string = saved.servers[setup.app.baseUrl].token;
    assert.match(token, /^bgt_/);

    const whoami = JSON.parse((await runCli(['whoami', '--json'], { environment, cwd: home })).stdout);
    // A personal API token acts for its user and goes by its own name.
    assert.match(whoami.user.id, /user-a/);
    assert.match(whoami.user.name, /^Device sign-in: Brandgen command line on /);
    assert.equal(whoami.token_source, 'saved sign-in');
    const generate = await runCli(['generate', 'a lighthouse', '--out', 'signed-in'], { environment, cwd: home });
    assert.equal(generate.code, 0, generate.stderr);
    assert.equal((await pngsIn(path.join(home, 'signed-in'))).length, 4);

    const logout = await runCli(['logout'], { environment, cwd: home });
    assert.equal(logout.code, 0, logout.stderr);
    assert.deepEqual(JSON.parse(await readFile(credentials, 'utf8')).servers, {});
    const revoked = await runCli(['jobs'], { environment: { ...environment, BRANDGEN_TOKEN: token }, cwd: home });
    assert.equal(revoked.code, 3, 'the server no longer takes the token');
    assert.match(revoked.stderr, /refused the saved sign-in.*Run: brandgen login/);
  });
});
