import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { runCli } from './support/run-cli.ts';
import { postJson, startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

describe('brandgen brands and generate --brand', () => {
  let app: TestBrandgen;
  let home: string;
  let environment: Record<string, string>;
  let harbourId: string;

  before(async () => {
    app = await startTestBrandgen();
    home = await mkdtemp(path.join(os.tmpdir(), 'brandgen-cli-brands-'));
    environment = { BRANDGEN_SERVER: app.baseUrl, XDG_CONFIG_HOME: path.join(home, 'config') };
    const created = await postJson(app.baseUrl, '/api/brands', {
      name: 'Harbour Coffee',
      palette: ['#0B3D2E', '#E8D5B7'],
      style_suffix: 'linocut print',
    });
    harbourId = ((await created.json()) as { id: string }).id;
  });
  after(async () => {
    await app?.close();
    await rm(home, { recursive: true, force: true });
  });

  test('brands lists the brands, the default first', async () => {
    const run = await runCli(['brands'], { environment, cwd: home });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /^BRAND\s+DEFAULT\s+VERSION\s+COLOURS\s+NAME$/);
    assert.match(lines[1]!, new RegExp(`^${DEFAULT_BRAND_ID}\\s+yes\\s+1\\s+5\\s+Brandgen Studio$`));
    assert.match(lines[2]!, new RegExp(`^${harbourId}\\s+1\\s+2\\s+Harbour Coffee$`));
    const json = JSON.parse((await runCli(['brands', '--json'], { environment, cwd: home })).stdout);
    assert.deepEqual(
      json.brands.map((brand: { name: string }) => brand.name),
      ['Brandgen Studio', 'Harbour Coffee'],
    );
  });

  test('generate --brand takes a name or an id; the job is made with that brand', async () => {
    for (const brand of ['harbour coffee', harbourId]) {
      const run = await runCli(['generate', 'a paper cup', '--brand', brand, '--json', '--out', 'cups'], { environment, cwd: home });
      assert.equal(run.code, 0, run.stderr);
      const job = (await (await fetch(`${app.baseUrl}/api/jobs/${JSON.parse(run.stdout).job_id}`)).json()) as Record<string, unknown>;
      assert.deepEqual([job.brand_id, job.brand_version], [harbourId, 1]);
      assert.match(String(job.final_prompt), /linocut print$/);
    }
    const unknown = await runCli(['generate', 'a paper cup', '--brand', 'Nobody'], { environment, cwd: home });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /There is no brand called "Nobody"\. brandgen brands lists them: Brandgen Studio, Harbour Coffee\./);
  });
});
