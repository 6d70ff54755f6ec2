import type { LibraryImage } from '@brandgen/client';
import type { ImageToInsert, InsertLayout, InsertTarget, MainToUi, SelectedNode } from '../main/messages.ts';
import { requestFromMain } from './figma-bridge.ts';
import type { Session } from './session.ts';

const bytesByUrl = new Map<string, Promise<Uint8Array>>();

/** The PNG behind an image link, fetched once with the bearer token. */
export function imageBytes(session: Session, url: string): Promise<Uint8Array> {
  let pending = bytesByUrl.get(url);
  if (!pending) {
    pending = session.client.downloadImage(url);
    pending.catch(() => bytesByUrl.delete(url));
    bytesByUrl.set(url, pending);
  }
  return pending;
}

/** Node names stay readable in Figma's layer list. */
export function nodeName(prompt: string): string {
  const words = prompt.trim().replace(/\s+/g, ' ');
  return words.length > 60 ? `${words.slice(0, 59)}…` : words || 'Brandgen image';
}

/** "1536x1024" → its numbers, for placing at the asset type's size. */
export function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  const match = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(size ?? '');
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

export async function currentSelection(): Promise<SelectedNode[]> {
  const answer = await requestFromMain(
    { type: 'selection' },
    (message): message is Extract<MainToUi, { type: 'selection' }> => message.type === 'selection',
  );
  return answer.nodes;
}

/**
 * Sends images to the main thread: into the selected frames and shapes when there are any, otherwise at the viewport's
 * centre. Resolves with the ids of the nodes, or rejects with the main thread's message.
 */
/** How placed images are sized, and the brand they were made with (kept in their plugin data). */
export interface Placement {
  size?: { width: number; height: number } | undefined;
  brand?: string | null | undefined;
}

export async function placeImages(
  session: Session,
  images: LibraryImage[],
  options: Placement & { layout: InsertLayout },
): Promise<string[]> {
  const selection = await currentSelection();
  const target: InsertTarget = selection.some((node) => node.fillable) ? 'selection' : 'viewport';
  const payload: ImageToInsert[] = await Promise.all(
    images.map(async (image) => ({
      bytes: await imageBytes(session, image.url),
      width: image.width,
      height: image.height,
      name: nodeName(image.prompt),
      data: {
        image_id: image.id,
        job_id: image.job_id,
        prompt: image.prompt,
        model: image.model,
        seed: image.seed,
        brand: options.brand ?? null,
      },
    })),
  );
  const answer = await requestFromMain(
    { type: 'insert', images: payload, layout: options.layout, target, size: options.size },
    (message): message is Extract<MainToUi, { type: 'inserted' | 'error' }> => message.type === 'inserted' || message.type === 'error',
  );
  if (answer.type === 'error') throw new Error(answer.message);
  return answer.node_ids;
}
