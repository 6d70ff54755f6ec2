/**
 * The LoRA library on the Brands page in a real browser on a real Brandgen: the shipped kit has none and says how to add
 * one; a .safetensors upload and a civitai AIR are listed with their source, family, size and where they can be used; a
 * refused upload is said in plain words; the kit editor picks a library LoRA for a family and saves it as a version; the
 * administrator downloads the uploaded file (to copy it to ComfyUI); and the version diff names the LoRA, not its id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_BRAND_ID } from '../../server/src/domain/brand.ts';
import { FLUX_TENSORS, PICKLE_BYTES, safetensorsFile } from '../../server/test/support/safetensors-files.ts';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { screenshot } from './support/screenshots.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';

describe('the LoRA library in a browser', { skip: browserSkipReason() }, () => {
  let app: TestBrandgen;
  let browserApp: BrowserApp | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page, pageErrors } = browserApp);
  });

  after(async () => {
    await browserApp?.close();
  });

  it('adds LoRAs by upload and by AIR, refuses a pickle in plain words, and picks a LoRA for a family in the kit', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const library = page.getByRole('region', { name: 'LoRA library' });
    await library.getByText('This brand has no LoRA yet.').waitFor();
    assert.match(await library.innerText(), /upload its \.safetensors file, or give its https link/);
    await screenshot(page, 'lora-library-empty', false);

    const upload = library.getByLabel('Upload a .safetensors file');
    await upload.setInputFiles({ name: 'renamed.safetensors', mimeType: 'application/octet-stream', buffer: PICKLE_BYTES });
    await library
      .getByRole('alert')
      .getByText(/pickled PyTorch checkpoint/)
      .waitFor();

    await upload.setInputFiles({
      name: 'acme-flux.safetensors',
      mimeType: 'application/octet-stream',
      buffer: safetensorsFile(FLUX_TENSORS),
    });
    const uploadedRow = library.getByRole('row', { name: /acme-flux/ });
    await uploadedRow.waitFor();
    assert.match(await uploadedRow.innerText(), /flux\s+Uploaded file\s*acme-flux\.safetensors, 1 KB\s+fal\.ai, Replicate and ComfyUI/);

    await library.getByLabel('Link, civitai AIR or ComfyUI file name').fill('urn:air:flux1:lora:civitai:123456@654321');
    await library.getByLabel('LoRA name').fill('Civitai grain');
    await library.getByRole('button', { name: 'Add LoRA' }).click();
    const airRow = library.getByRole('row', { name: /Civitai grain/ });
    await airRow.waitFor();
    assert.match(await airRow.innerText(), /civitai AIR\s*urn:air:flux1:lora:civitai:123456@654321\s+civitai/);
    await screenshot(page, 'lora-library', false);

    const brandLoras = page.getByRole('group', { name: 'Brand LoRAs' });
    await brandLoras.getByRole('button', { name: 'Add a LoRA' }).click();
    await brandLoras.getByLabel('Brand LoRAs, LoRA 1: LoRA').selectOption({ label: 'acme-flux (flux)' });
    assert.equal(await brandLoras.getByLabel('Brand LoRAs, LoRA 1: model family').inputValue(), 'flux');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Version 2 is saved.').waitFor();
    const kit = ((await (await fetch(`${app.baseUrl}/api/brands/${DEFAULT_BRAND_ID}`)).json()) as { kit: { lora: { by_family: unknown } } })
      .kit;
    const uploaded = (
      (await (await fetch(`${app.baseUrl}/api/brands/${DEFAULT_BRAND_ID}/loras`)).json()) as { loras: { id: string; name: string }[] }
    ).loras.find((lora) => lora.name === 'acme-flux');
    assert.deepEqual(kit.lora.by_family, { flux: { lora_id: uploaded!.id, scale: 1 } });
    const studioCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Brandgen Studio' }) });
    await studioCard.getByText('LoRAs: acme-flux').waitFor();

    const download = uploadedRow.getByRole('link', { name: /Download/ });
    const file = await fetch(new URL((await download.getAttribute('href'))!, app.baseUrl));
    assert.equal(file.status, 200, 'the administrator gets the file to copy into ComfyUI');
    assert.equal((await file.arrayBuffer()).byteLength, safetensorsFile(FLUX_TENSORS).byteLength);
    assert.equal(await airRow.getByRole('link', { name: /Download/ }).count(), 0, 'an AIR has no file to download');

    await page.getByRole('button', { name: 'Compare version 1' }).click();
    const diff = page.getByRole('table', { name: 'Version 1 compared with the current kit' });
    await diff
      .getByRole('row', { name: /LoRA \(flux\)/ })
      .getByText('acme-flux at strength 1')
      .waitFor();

    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    assert.deepEqual(pageErrors, []);
  });
});
