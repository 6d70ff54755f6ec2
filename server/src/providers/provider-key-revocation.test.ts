import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScriptedImageModel } from '../../test/support/scripted-image-model.ts';
import { ProviderKeyRevocation } from './provider-key-revocation.ts';
import type { ProviderSettings } from './provider-ids.ts';
import { ConcurrencyLimit } from './resilience/concurrency-limit.ts';
import { ProviderHealth } from './resilience/provider-health.ts';
import { withProviderPolicy } from './resilience/resilient-image-model.ts';

function settings(apiKey: string): ProviderSettings {
  return { apiKey, baseUrl: undefined, timeoutMs: 60_000, concurrency: 1 };
}

test('a provider signal fires when its settings are replaced or removed, and only then', () => {
  const revocation = new ProviderKeyRevocation();
  const first = revocation.signalsFor({ fal: settings('fal-key-one'), openai: settings('sk-openai-one') });
  const same = revocation.signalsFor({ fal: settings('fal-key-one'), openai: settings('sk-openai-one') });
  assert.equal(same.fal, first.fal, 'unchanged settings keep their signal');
  assert.equal(first.replicate, undefined);

  const rotated = revocation.signalsFor({ fal: settings('fal-key-two'), openai: settings('sk-openai-one') });
  assert.equal(first.fal!.aborted, true);
  assert.match(String(first.fal!.reason.message), /^The fal\.ai settings were changed by an administrator/);
  assert.equal(first.openai!.aborted, false, 'another provider keeps running');
  assert.equal(rotated.fal!.aborted, false);

  revocation.signalsFor({ fal: settings('fal-key-two') });
  assert.equal(first.openai!.aborted, true);
  assert.equal(first.openai!.reason.message, 'The OpenAI key was removed by an administrator.');
  assert.equal(rotated.fal!.aborted, false);
});

test('a withdrawn key stops calls under way and waiting, and sends nothing more', async () => {
  const revocation = new ProviderKeyRevocation();
  const revoked = revocation.signalsFor({ fal: settings('fal-key-one') }).fal!;
  const model = createScriptedImageModel({ hang: true });
  const guarded = withProviderPolicy(model, {
    providerLabel: 'fal.ai',
    timeoutMs: 60_000,
    limit: new ConcurrencyLimit({ limit: 1 }),
    health: new ProviderHealth(),
    secrets: ['fal-key-one'],
    revoked,
  });
  const call = async (seed: number) =>
    guarded.doGenerate({
      prompt: 'a kite',
      n: 1,
      seed,
      size: undefined,
      aspectRatio: undefined,
      providerOptions: {},
      files: undefined,
      mask: undefined,
    });
  const underWay = call(1);
  const waiting = call(2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(model.calls.length, 1, 'the second call waits for its turn');

  revocation.signalsFor({});
  await assert.rejects(underWay, { name: 'ProviderError', message: 'The fal.ai key was removed by an administrator.' });
  await assert.rejects(waiting, { message: 'The fal.ai key was removed by an administrator.' });
  await assert.rejects(call(3), { message: 'The fal.ai key was removed by an administrator.' });
  assert.equal(model.calls.length, 1, 'neither the waiting call nor a later one reached the model');
});
