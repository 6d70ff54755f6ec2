import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MEMBERS_GROUP, startOidcSetup } from './support/oidc-brandgen.ts';
import { TEST_CLIENT_ID, TEST_TENANT_ID } from './support/test-identity-provider.ts';
import { readZip } from './support/read-zip.ts';
import { startTestBrandgen } from './support/test-brandgen.ts';

let pluginDirectory: string;

before(async () => {
  // A built plugin as figma-plugin's build leaves it, made for the development server.
  pluginDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-figma-plugin-'));
  const manifest = {
    name: 'Brandgen',
    id: 'brandgen-figma-plugin',
    api: '1.0.0',
    editorType: ['figma'],
    documentAccess: 'dynamic-page',
    main: 'code.js',
    ui: 'ui.html',
    networkAccess: {
      allowedDomains: ['http://localhost:8080'],
      devAllowedDomains: ['http://localhost:8080', 'http://127.0.0.1:8080'],
      reasoning: 'x',
    },
  };
  await writeFile(path.join(pluginDirectory, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(pluginDirectory, 'code.js'), 'figma.showUI(__html__);');
  await writeFile(
    path.join(pluginDirectory, 'ui.html'),
    '<script id="brandgen-config" type="application/json">{"server":"http://localhost:8080"}</script><p>ui</p>',
  );
});

after(async () => {
  await rm(pluginDirectory, { recursive: true, force: true });
});

async function pluginZip(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/figma-plugin.zip`, { headers });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), 'application/zip');
  return readZip(Buffer.from(await response.arrayBuffer()));
}

test("none mode: the ZIP's manifest and UI name the loopback address the server answers on, with the import steps", async () => {
  const app = await startTestBrandgen({ BRANDGEN_FIGMA_PLUGIN_DIR: pluginDirectory });
  try {
    const files = await pluginZip(app.baseUrl);
    assert.deepEqual([...files.keys()].sort(), [
      'brandgen-figma-plugin/README.txt',
      'brandgen-figma-plugin/code.js',
      'brandgen-figma-plugin/manifest.json',
      'brandgen-figma-plugin/ui.html',
    ]);
    const manifest = JSON.parse(files.get('brandgen-figma-plugin/manifest.json')!.toString());
    assert.deepEqual(manifest.networkAccess.allowedDomains, [app.baseUrl]);
    assert.deepEqual(manifest.networkAccess.devAllowedDomains, ['http://localhost:8080', 'http://127.0.0.1:8080']);
    assert.equal(manifest.documentAccess, 'dynamic-page');
    assert.match(files.get('brandgen-figma-plugin/ui.html')!.toString(), new RegExp(`\\{"server":"${app.baseUrl}"\\}`));
    assert.match(files.get('brandgen-figma-plugin/README.txt')!.toString(), /Plugins > Development > Import plugin from manifest/);
  } finally {
    await app.close();
  }
});

test('oidc mode: the ZIP names BRANDGEN_PUBLIC_URL and needs a signed-in user', async () => {
  const setup = await startOidcSetup({ BRANDGEN_FIGMA_PLUGIN_DIR: pluginDirectory });
  try {
    const refused = await fetch(`${setup.app.baseUrl}/api/figma-plugin.zip`);
    assert.equal(refused.status, 401);
    const token = await setup.provider.signAccessToken({
      oid: 'user-a',
      tid: TEST_TENANT_ID,
      aud: TEST_CLIENT_ID,
      groups: [MEMBERS_GROUP],
      name: 'Ada',
    });
    const files = await pluginZip(setup.app.baseUrl, { authorization: `Bearer ${token}` });
    const manifest = JSON.parse(files.get('brandgen-figma-plugin/manifest.json')!.toString());
    assert.deepEqual(manifest.networkAccess.allowedDomains, [
      setup.app.config.auth.mode === 'oidc' ? setup.app.config.auth.publicUrl : 'not oidc',
    ]);
  } finally {
    await setup.close();
  }
});

test('a server without the built plugin answers 404 saying how to build it', async () => {
  const app = await startTestBrandgen({ BRANDGEN_FIGMA_PLUGIN_DIR: path.join(pluginDirectory, 'missing') });
  try {
    const response = await fetch(`${app.baseUrl}/api/figma-plugin.zip`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /npm run build/);
  } finally {
    await app.close();
  }
});
