import assert from 'node:assert/strict';
import { DEFAULT_BRAND_ID } from '../../src/domain/brand.ts';
import type { TestBrandgen } from './test-brandgen.ts';

/** One API call with an optional JSON body, answered as its status and parsed JSON (null when empty). */
export async function sendTo(app: TestBrandgen, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.baseUrl}${route}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Points the default brand's kit at a LoRA of its library for the FLUX family, at the given strength. */
export async function useFluxLora(app: TestBrandgen, loraId: string, scale: number): Promise<void> {
  const kit = (await sendTo(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body.kit;
  const answer = await sendTo(app, 'PUT', `/api/brands/${DEFAULT_BRAND_ID}`, {
    ...kit,
    lora: { ...kit.lora, by_family: { flux: { lora_id: loraId, scale } } },
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
}
