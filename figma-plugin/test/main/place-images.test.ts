import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMessageHandler, tokenKey } from '../../src/main/handle-message.ts';
import type { ImageToInsert, InsertMessage } from '../../src/main/messages.ts';
import { GRID_SPACING } from '../../src/main/place-images.ts';
import { FakeFigma, FakeNode, textNode } from '../support/fake-figma.ts';
import { greyPng } from '../support/png.ts';

function image(n: number, size = 64): ImageToInsert {
  return {
    bytes: greyPng(size, size),
    width: size,
    height: size,
    name: 'A lighthouse at dawn',
    data: { image_id: `img-${n}`, job_id: 'job-1', prompt: 'A lighthouse at dawn', model: 'demo', seed: 40 + n, brand: null },
  };
}

async function send(figma: FakeFigma, message: InsertMessage | { type: 'selection' }) {
  await createMessageHandler(figma)(message);
  return figma.posted.at(-1) as { type: string; node_ids?: string[]; message?: string; nodes?: unknown[] };
}

test('one image lands at the centre of the viewport at the given size, named after the prompt, with its data, as one undo step', async () => {
  const figma = new FakeFigma();
  const answer = await send(figma, {
    type: 'insert',
    images: [image(1)],
    layout: 'single',
    target: 'viewport',
    size: { width: 1200, height: 600 },
  });
  assert.deepEqual(answer, { type: 'inserted', node_ids: ['1:1'], request_id: undefined });
  const [node] = figma.created;
  assert.ok(node);
  assert.deepEqual([node.x, node.y, node.width, node.height], [500 - 600, 300 - 300, 1200, 600]);
  assert.equal(node.name, 'A lighthouse at dawn');
  assert.deepEqual(node.fills, [{ type: 'IMAGE', imageHash: 'hash-1', scaleMode: 'FILL' }]);
  assert.deepEqual(figma.images, [image(1).bytes]);
  const stored = JSON.parse(node.pluginData.get('image') ?? '{}');
  assert.equal(stored.image_id, 'img-1');
  assert.equal(stored.seed, 41);
  assert.equal(node.sharedPluginData.get('brandgen:image'), node.pluginData.get('image'));
  assert.equal(figma.undoSteps, 1);
});

test('four images make a 2×2 grid with spacing around the viewport centre', async () => {
  const figma = new FakeFigma();
  const answer = await send(figma, { type: 'insert', images: [1, 2, 3, 4].map((n) => image(n)), layout: 'grid', target: 'viewport' });
  assert.equal(answer.node_ids?.length, 4);
  const positions = figma.created.map((node) => [node.x, node.y]);
  const step = 64 + GRID_SPACING;
  const left = 500 - (2 * 64 + GRID_SPACING) / 2;
  const top = 300 - (2 * 64 + GRID_SPACING) / 2;
  assert.deepEqual(positions, [
    [left, top],
    [left + step, top],
    [left, top + step],
    [left + step, top + step],
  ]);
  assert.deepEqual(
    figma.created.map((node) => JSON.parse(node.pluginData.get('image') ?? '{}').image_id),
    ['img-1', 'img-2', 'img-3', 'img-4'],
  );
  assert.equal(figma.undoSteps, 1);
});

test('selected frames and shapes are filled keeping their size; text is left alone', async () => {
  const figma = new FakeFigma();
  const frame = new FakeNode({ id: '2:1', type: 'FRAME', width: 300, height: 200 });
  const ellipse = new FakeNode({ id: '2:2', type: 'ELLIPSE', width: 80, height: 80 });
  figma.currentPage.selection = [frame, textNode('2:3'), ellipse];
  const answer = await send(figma, { type: 'insert', images: [image(1), image(2)], layout: 'grid', target: 'selection' });
  assert.deepEqual(answer.node_ids, ['2:1', '2:2']);
  assert.deepEqual([frame.width, frame.height, ellipse.width, ellipse.height], [300, 200, 80, 80]);
  assert.deepEqual(frame.fills, [{ type: 'IMAGE', imageHash: 'hash-1', scaleMode: 'FILL' }]);
  assert.deepEqual(ellipse.fills, [{ type: 'IMAGE', imageHash: 'hash-2', scaleMode: 'FILL' }]);
  assert.equal(figma.created.length, 0);
  assert.equal(figma.undoSteps, 1);
});

test('a selection with nothing to fill, and an image over 4096 px, are refused in plain words and change nothing', async () => {
  const figma = new FakeFigma();
  figma.currentPage.selection = [textNode('3:1')];
  const none = await send(figma, { type: 'insert', images: [image(1)], layout: 'single', target: 'selection' });
  assert.equal(none.type, 'error');
  assert.match(none.message ?? '', /Select a frame or a shape/);

  const huge = await send(figma, { type: 'insert', images: [image(1, 4097)], layout: 'single', target: 'viewport' });
  assert.equal(huge.type, 'error');
  assert.match(huge.message ?? '', /4097 × 4097 pixels; Figma takes images up to 4096/);
  assert.deepEqual([figma.created.length, figma.images.length, figma.undoSteps], [0, 0, 0]);
  assert.deepEqual(
    figma.notifications.map((note) => note.error),
    [true, true],
  );
});

test("a selection's Brandgen data is read back", async () => {
  const figma = new FakeFigma();
  await send(figma, { type: 'insert', images: [image(7)], layout: 'single', target: 'viewport' });
  const placed = figma.created[0]!;
  figma.currentPage.selection = [placed, textNode('4:1')];
  const answer = await send(figma, { type: 'selection' });
  assert.deepEqual(answer.nodes, [
    { node_id: placed.id, name: 'A lighthouse at dawn', fillable: true, brandgen: image(7).data },
    { node_id: '4:1', name: 'Label', fillable: false, brandgen: null },
  ]);
});

test('the token is kept in clientStorage per server; only web addresses are opened', async () => {
  const figma = new FakeFigma();
  const handle = createMessageHandler(figma);
  await handle({ type: 'save-token', server: 'https://brandgen.example', token: 'bgt_1' });
  await handle({ type: 'load-token', server: 'https://brandgen.example' });
  await handle({ type: 'load-token', server: 'http://localhost:8080' });
  assert.deepEqual(figma.posted, [
    { type: 'token', server: 'https://brandgen.example', token: 'bgt_1' },
    { type: 'token', server: 'http://localhost:8080', token: null },
  ]);
  await handle({ type: 'forget-token', server: 'https://brandgen.example' });
  assert.equal(figma.storage.has(tokenKey('https://brandgen.example')), false);
  await handle({ type: 'open-external', url: 'https://brandgen.example/device?user_code=ABCD' });
  await handle({ type: 'open-external', url: 'javascript:alert(1)' });
  assert.deepEqual(figma.opened, ['https://brandgen.example/device?user_code=ABCD']);
});
