import type { TrainingSet } from '@brandgen/client';
import type { QueryClient } from '@tanstack/react-query';
import { trainingSetsQueryOptions } from './list-training-sets.ts';

/**
 * Puts the server's answer for one set into the brand's list at once (so an open editor shows the new pictures and
 * flags without waiting), then reads the list again in case another administrator changed it meanwhile.
 */
export async function storeTrainingSet(client: QueryClient, set: TrainingSet): Promise<void> {
  const { queryKey } = trainingSetsQueryOptions(set.brand_id);
  client.setQueryData(queryKey, (current) => current?.map((candidate) => (candidate.id === set.id ? set : candidate)));
  await client.invalidateQueries({ queryKey });
}

/** The form the server reads for new pictures: one `images` part per file and their captions in the same order. */
export function picturesForm(pictures: { file: File; caption: string }[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('captions', JSON.stringify(pictures.map((picture) => picture.caption)));
  for (const picture of pictures) form.append('images', picture.file, picture.file.name);
  return form;
}

/** The document describes the multipart form in words: the browser writes the body and its boundary itself. */
export const multipart = { bodySerializer: (body: unknown) => body as FormData };
