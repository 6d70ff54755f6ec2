import type { PlacedNode, SelectedSceneNode } from './figma-host.ts';
import { SHARED_NAMESPACE, type BrandgenImageData } from './messages.ts';

/** The plugin data key holding a placed image's Brandgen data as JSON. */
const KEY = 'image';

/** Private plugin data for this plugin, and the same under the shared `brandgen` namespace for other plugins. */
export function writeBrandgenData(node: Pick<PlacedNode, 'setPluginData' | 'setSharedPluginData'>, data: BrandgenImageData): void {
  const json = JSON.stringify(data);
  node.setPluginData(KEY, json);
  node.setSharedPluginData(SHARED_NAMESPACE, KEY, json);
}

export function readBrandgenData(node: Pick<SelectedSceneNode, 'getPluginData' | 'getSharedPluginData'>): BrandgenImageData | null {
  const json = node.getPluginData(KEY) || node.getSharedPluginData(SHARED_NAMESPACE, KEY);
  if (!json) return null;
  try {
    const data = JSON.parse(json) as Partial<BrandgenImageData>;
    return typeof data.image_id === 'string' && typeof data.job_id === 'string' ? (data as BrandgenImageData) : null;
  } catch {
    return null;
  }
}
