import assert from 'node:assert/strict';
import { DEFAULT_BRAND_ID } from '../../src/domain/brand.ts';
import { callApi, trainingForm, trainingPicture } from './training-images.ts';

export const brandRoute = `/api/brands/${DEFAULT_BRAND_ID}`;

/** A set of `count` pictures made of warm reds and oranges, so a profile learned from it is plainly not the kit's. */
export async function createSet(app: { baseUrl: string }, count: number): Promise<any> {
  const pictures = await Promise.all(
    Array.from({ length: count }, async (_, index) => ({ name: `warm-${index}.png`, bytes: await trainingPicture(100 + index, 520) })),
  );
  const answer = await callApi(
    app,
    'POST',
    `${brandRoute}/training-sets`,
    trainingForm(pictures, { trigger_word: 'brdgn', kind: 'style' }),
  );
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

export const brandVersions = async (app: { baseUrl: string }) =>
  (await callApi(app, 'GET', `${brandRoute}/versions`)).body.versions as any[];
export const brandLoras = async (app: { baseUrl: string }) => (await callApi(app, 'GET', `${brandRoute}/loras`)).body.loras as any[];
