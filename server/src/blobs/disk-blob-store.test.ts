import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, test } from 'node:test';
import { DiskBlobStore } from './disk-blob-store.ts';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'brandgen-blobs-'));
});
after(async () => rm(root, { recursive: true, force: true }));

test('stores, opens, reads and deletes by key', async () => {
  const store = new DiskBlobStore({ root: root });
  await store.put('jobs/a/0.png', new TextEncoder().encode('hello'), 'image/png');
  assert.equal(await store.exists('jobs/a/0.png'), true);
  const opened = await store.open('jobs/a/0.png');
  assert.equal(opened?.byteSize, 5);
  assert.equal(await text(opened!.stream), 'hello');
  assert.equal(new TextDecoder().decode(await store.read('jobs/a/0.png')), 'hello');
  await store.delete('jobs/a/0.png');
  assert.equal(await store.exists('jobs/a/0.png'), false);
  assert.equal(await store.open('jobs/a/0.png'), undefined);
  assert.equal(await store.read('jobs/a/0.png'), undefined);
});

test('leaves no temporary files behind, and clears what a crash left', async () => {
  const store = new DiskBlobStore({ root: root });
  await store.put('jobs/b/1.png', new Uint8Array([1, 2, 3]), 'image/png');
  assert.deepEqual(await readdir(path.join(root, '.incoming')), []);
  await writeFile(path.join(root, '.incoming', 'interrupted.partial'), 'half');
  await store.clearInterruptedWrites();
  assert.deepEqual(await readdir(path.join(root, '.incoming')), []);
  assert.equal(await store.exists('jobs/b/1.png'), true, 'whole files stay');
});

test('makes the folders a write needs again when they were removed since the last write', async () => {
  const store = new DiskBlobStore({ root: root });
  await store.put('jobs/c/0.png', new Uint8Array([1]), 'image/png');
  await rm(path.join(root, 'jobs', 'c'), { recursive: true });
  await rm(path.join(root, '.incoming'), { recursive: true });
  await store.put('jobs/c/1.png', new Uint8Array([2]), 'image/png');
  assert.deepEqual([...(await store.read('jobs/c/1.png'))!], [2]);
  assert.deepEqual(await readdir(path.join(root, '.incoming')), []);
});

test('refuses keys that could leave its folder', async () => {
  const store = new DiskBlobStore({ root: root });
  await mkdir(path.join(root, 'jobs'), { recursive: true });
  for (const key of ['../outside', 'jobs/../../x', '/absolute', 'jobs//double', '.hidden', '']) {
    await assert.rejects(store.put(key, new Uint8Array([1]), 'image/png'), /Invalid blob key/, key);
  }
});
