import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { BrandRepository } from '../src/db/brand-repository.ts';
import { migrateToLatest, newMigrator, openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { LoraRepository } from '../src/db/lora-repository.ts';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import type { Lora } from '../src/domain/lora.ts';
import { comfyUiEntries } from '../src/providers/comfyui/comfyui-catalog.ts';
import { comfyuiLoraFiles } from '../src/providers/comfyui/comfyui-lora-files.ts';
import { BrandService } from '../src/services/brand-service.ts';
import { LoraDeliveryService } from '../src/services/lora-delivery-service.ts';
import { LoraLinks } from '../src/services/lora-links.ts';
import { LoraService } from '../src/services/lora-service.ts';
import { startFakeComfyUi, type FakeComfyUi } from './fakes/fake-comfyui.ts';
import { fakeServers, sendJson } from './fakes/fake-http-server.ts';
import { entriesAgainst, generateOne } from './fakes/provider-harness.ts';
import { FakeBlobStore } from './support/new-test-service.ts';
import { settableClock } from './support/settable-clock.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('kits from before the LoRA library', (database) => {
  let connection: DatabaseConnection;
  before(async () => {
    connection = openDatabase((await database.environment()).DATABASE_URL ?? ':memory:');
  });
  after(async () => connection.destroy());

  test('migrate in place: each https path becomes a URL LoRA, each file name a ComfyUI-file LoRA, the kit points at them', async () => {
    const { error } = await (await newMigrator(connection)).migrateTo('0603-image-brand');
    assert.equal(error, undefined);
    const old = connection as unknown as Kysely<any>;
    const flux = { path: 'loras/brandgen-flux-product.safetensors', scale: 0.85 };
    const hero = { path: 'https://huggingface.co/acme/hero/resolve/main/hero.safetensors', scale: 0.7 };
    const kit = {
      name: 'Acme',
      palette: ['#112233', '#445566'],
      style_suffix: '',
      negative_prompt: '',
      lora: { trigger_word: 'acme style', by_family: { flux } },
      asset_types: {
        product_illustration: {
          label: 'P',
          prompt_template: '{description}',
          size: '1024x1024',
          aspect_ratio: '1:1',
          negative_prompt: '',
          lora_by_family: { flux },
        },
        icon: {
          label: 'I',
          prompt_template: '{description}',
          size: '1024x1024',
          aspect_ratio: '1:1',
          negative_prompt: '',
          lora_by_family: {},
        },
        hero_image: {
          label: 'H',
          prompt_template: '{description}',
          size: '1344x768',
          aspect_ratio: '16:9',
          negative_prompt: '',
          lora_by_family: { flux: hero },
        },
        logo_concept: {
          label: 'L',
          prompt_template: '{description}',
          size: '1024x1024',
          aspect_ratio: '1:1',
          negative_prompt: '',
          lora_by_family: {},
        },
      },
    };
    await old
      .insertInto('brand_versions')
      .values({
        brand_id: DEFAULT_BRAND_ID,
        version: 2,
        name: 'Acme',
        kit: JSON.stringify(kit),
        source: 'edit',
        restored_from: null,
        created_by: 'a',
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();

    await migrateToLatest(connection);
    const records = await new LoraRepository({ database: connection }).list(DEFAULT_BRAND_ID);
    assert.deepEqual(
      records.map(({ name, family, triggerWord, defaultScale, source }) => ({ name, family, triggerWord, defaultScale, source })),
      [
        {
          name: 'brandgen-flux-product',
          family: 'flux',
          triggerWord: 'acme style',
          defaultScale: 0.85,
          source: { kind: 'comfyui_file', fileName: 'brandgen-flux-product.safetensors' },
        },
        { name: 'hero', family: 'flux', triggerWord: 'acme style', defaultScale: 0.7, source: { kind: 'url', url: hero.path } },
      ],
    );
    const [comfyFile, url] = records;
    const version = await new BrandRepository({ database: connection }).version(DEFAULT_BRAND_ID, 2);
    assert.deepEqual(version?.kit.lora.by_family, { flux: { lora_id: comfyFile!.id, scale: 0.85 } });
    assert.deepEqual(version?.kit.asset_types.product_illustration.lora_by_family, { flux: { lora_id: comfyFile!.id, scale: 0.85 } });
    assert.deepEqual(version?.kit.asset_types.hero_image.lora_by_family, { flux: { lora_id: url!.id, scale: 0.7 } });
    assert.equal(version?.version, 2, 'rewritten in place: no new version');
  });
});

describeEachDatabase('each provider receives the LoRA in its own form', (database) => {
  let connection: DatabaseConnection;
  let comfy: FakeComfyUi;
  const fakes = fakeServers();
  const clock = settableClock(new Date('2026-11-30T12:00:00.000Z'));
  const blobs = new FakeBlobStore();
  const links = new LoraLinks({ secretKey: new Uint8Array(32).fill(3), publicUrl: 'https://brandgen.example.com', clock });
  let repository: LoraRepository;
  let delivery: LoraDeliveryService;
  before(async () => {
    connection = openDatabase((await database.environment()).DATABASE_URL ?? ':memory:');
    await migrateToLatest(connection);
    repository = new LoraRepository({ database: connection });
    delivery = new LoraDeliveryService({ loras: repository, blobs, links });
    comfy = await startFakeComfyUi();
  });
  after(async () => {
    await connection.destroy();
    await comfy.close();
    await fakes.closeAll();
  });

  const add = async (source: Lora['source'], name = 'Brand style'): Promise<Lora> => {
    const lora: Lora = {
      id: clock.newId(),
      brandId: DEFAULT_BRAND_ID,
      name,
      family: 'flux',
      triggerWord: '',
      defaultScale: 1,
      source,
      createdAt: clock.now(),
    };
    await repository.insert(lora);
    return lora;
  };

  test('Replicate: a signed link to the uploaded file as lora_weights', async () => {
    const lora = await add({
      kind: 'uploaded',
      blobKey: 'loras/x.safetensors',
      sha256: 'a'.repeat(64),
      byteSize: 8,
      fileName: 'brand-style.safetensors',
    });
    const server = await fakes.start((request, response, fake) =>
      sendJson(response, 201, {
        id: 'p1',
        status: 'succeeded',
        output: [fake.imageUrl('p1.png')],
        urls: { get: `${fake.origin}/v1/predictions/p1` },
      }),
    );
    const delivered = await delivery.deliver({ loraId: lora.id, scale: 0.6 }, 'replicate');
    assert.ok(!('refused' in delivered));
    await generateOne(entriesAgainst('replicate', `${server.origin}/v1`).get('replicate-flux-dev-lora')!, { lora: delivered });
    const input = (server.apiRequests()[0]!.body as { input: Record<string, unknown> }).input;
    const expires = Date.parse(clock.now()) / 1000 + 3600;
    assert.match(
      String(input.lora_weights),
      new RegExp(`^https://brandgen\\.example\\.com/api/loras/${lora.id}/file\\?expires=${expires}&signature=[0-9a-f]{64}$`),
    );
    assert.equal(input.lora_scale, 0.6);
    const signature = new URL(String(input.lora_weights)).searchParams.get('signature')!;
    assert.equal(links.check(lora.id, expires, signature), 'valid');
    clock.set(new Date((expires + 1) * 1000));
    assert.equal(links.check(lora.id, expires, signature), 'expired');
  });

  test('ComfyUI: the file name in its LoraLoader node; whether ComfyUI has it comes from /object_info/LoraLoader', async () => {
    const lora = await add({ kind: 'comfyui_file', fileName: 'brand/style.safetensors' }, 'GPU style');
    const delivered = await delivery.deliver({ loraId: lora.id, scale: 0.9 }, 'comfyui');
    assert.deepEqual(delivered, { path: 'brand/style.safetensors', scale: 0.9 });
    const entry = comfyUiEntries(
      { baseUrl: comfy.origin, timeoutMs: 10_000, concurrency: 1, workflowsDirectory: undefined },
      { backoffMs: 10 },
    ).find((candidate) => candidate.id === 'comfyui-flux-dev')!;
    comfy.behaviour = 'succeed';
    await generateOne(entry, { lora: 'refused' in delivered ? null : delivered });
    const loader = Object.values(comfy.workflows.at(-1)!).find((node) => node.class_type === 'LoraLoader')!;
    assert.equal(loader.inputs.lora_name, 'brand/style.safetensors');
    assert.equal(loader.inputs.strength_model, 0.9);

    const brands = new BrandService({ brands: new BrandRepository({ database: connection }), clock });
    const service = new LoraService({
      loras: repository,
      brands,
      blobs,
      links,
      clock,
      maxUploadBytes: 1024,
      installedOnComfyui: comfyuiLoraFiles({ baseUrl: comfy.origin }),
    });
    comfy.loraFiles = ['brand\\style.safetensors', 'other.safetensors'];
    const listed = await service.list(DEFAULT_BRAND_ID);
    const state = (name: string) => listed.find((entry) => entry.lora.name === name)?.installedOnComfyui;
    assert.equal(state('GPU style'), true, 'ComfyUI on Windows lists folders with backslashes');
    assert.equal(state('Brand style'), false, 'the uploaded file is not copied over yet');
    assert.ok(comfy.requests.some((request) => request.path === '/object_info/LoraLoader'));
  });

  test('civitai: the AIR for the civitai provider; fal.ai is refused before any call', async () => {
    const lora = await add({ kind: 'civitai', air: 'urn:air:flux1:lora:civitai:123@456' }, 'Civitai style');
    assert.deepEqual(await delivery.deliver({ loraId: lora.id, scale: 1 }, 'civitai'), {
      path: 'urn:air:flux1:lora:civitai:123@456',
      scale: 1,
    });
    const refused = await delivery.deliver({ loraId: lora.id, scale: 1 }, 'fal');
    assert.match('refused' in refused ? refused.refused : '', /Civitai style.*civitai AIR, which fal\.ai cannot load/);
  });

  test('without BRANDGEN_PUBLIC_URL an uploaded LoRA cannot reach fal.ai, and the job is told so', async () => {
    const lora = await add({
      kind: 'uploaded',
      blobKey: 'loras/y.safetensors',
      sha256: 'b'.repeat(64),
      byteSize: 8,
      fileName: 'y.safetensors',
    });
    const noUrl = new LoraDeliveryService({
      loras: repository,
      blobs,
      links: new LoraLinks({ secretKey: new Uint8Array(32), publicUrl: undefined, clock }),
    });
    const refused = await noUrl.deliver({ loraId: lora.id, scale: 1 }, 'fal');
    assert.match('refused' in refused ? refused.refused : '', /BRANDGEN_PUBLIC_URL must be set/);
  });
});
