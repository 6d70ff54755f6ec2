import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tarArchive } from '../../../test/support/tar-archive.ts';
import { filesOfTar, isTarArchive } from './weights-archive.ts';

test('reads the files of a ustar archive in order, with their paths and bytes', () => {
  const archive = tarArchive([
    { path: 'output/flux_train_replicate/config.yaml', bytes: Buffer.from('steps: 10\n') },
    { path: 'output/flux_train_replicate/lora.safetensors', bytes: Buffer.alloc(700, 3) },
  ]);
  assert.ok(isTarArchive(archive));
  const files = filesOfTar(archive);
  assert.deepEqual(
    files.map((file) => [file.path, file.bytes.byteLength]),
    [
      ['output/flux_train_replicate/config.yaml', 10],
      ['output/flux_train_replicate/lora.safetensors', 700],
    ],
  );
  assert.deepEqual(Buffer.from(files[1]!.bytes), Buffer.alloc(700, 3));
});

test('takes a long path from its PAX record', () => {
  const long = `output/${'nested/'.repeat(20)}lora.safetensors`;
  const [file] = filesOfTar(tarArchive([{ path: long, bytes: Buffer.from('weights'), pax: true }]));
  assert.equal(file?.path, long);
  assert.equal(Buffer.from(file!.bytes).toString(), 'weights');
});

test('reads an archive written by the system tar, and does not take other bytes for one', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'brandgen-tar-'));
  mkdirSync(path.join(folder, 'output'));
  writeFileSync(path.join(folder, 'output', 'lora.safetensors'), Buffer.alloc(1500, 9));
  execFileSync('tar', ['-cf', path.join(folder, 'trained_model.tar'), '-C', folder, 'output']);
  const files = filesOfTar(readFileSync(path.join(folder, 'trained_model.tar')));
  rmSync(folder, { recursive: true, force: true });
  assert.deepEqual(
    files.map((file) => [file.path, file.bytes.byteLength]),
    [['output/lora.safetensors', 1500]],
  );
  assert.equal(isTarArchive(Buffer.from('{"__metadata__":{}}'.padEnd(600))), false);
});
