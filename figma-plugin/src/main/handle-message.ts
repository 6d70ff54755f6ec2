import type { FigmaHost } from './figma-host.ts';
import type { MainToUi, SelectedNode, UiToMain } from './messages.ts';
import { isFillable, placeImages, PlacementError } from './place-images.ts';
import { readBrandgenData } from './plugin-data.ts';

/** clientStorage key of the API token for one Brandgen server (per user and per plugin, as Figma keeps it). */
export function tokenKey(server: string): string {
  return `token:${server}`;
}

export function describeSelection(figma: FigmaHost): SelectedNode[] {
  return figma.currentPage.selection.map((node) => ({
    node_id: node.id,
    name: node.name,
    fillable: isFillable(node),
    brandgen: readBrandgenData(node),
  }));
}

/** Only Brandgen's own pages may be opened from the plugin; anything else is a bug or an attack on the UI. */
function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The main thread's answer to each message from the UI; errors the user can fix are notified and sent back. */
export function createMessageHandler(figma: FigmaHost): (message: UiToMain) => Promise<void> {
  const reply = (message: MainToUi) => figma.ui.postMessage(message);
  return async (message) => {
    switch (message.type) {
      case 'insert':
        try {
          reply({ type: 'inserted', node_ids: placeImages(figma, message), request_id: message.request_id });
        } catch (error) {
          const text = error instanceof PlacementError ? error.message : `Figma could not place the image: ${String(error)}`;
          figma.notify(text, { error: true });
          reply({ type: 'error', message: text, request_id: message.request_id });
        }
        return;
      case 'selection':
        reply({ type: 'selection', nodes: describeSelection(figma), request_id: message.request_id });
        return;
      case 'load-token': {
        const token: unknown = await figma.clientStorage.getAsync(tokenKey(message.server));
        reply({ type: 'token', server: message.server, token: typeof token === 'string' ? token : null });
        return;
      }
      case 'save-token':
        await figma.clientStorage.setAsync(tokenKey(message.server), message.token);
        return;
      case 'forget-token':
        await figma.clientStorage.deleteAsync(tokenKey(message.server));
        return;
      case 'open-external':
        if (isWebAddress(message.url)) figma.openExternal(message.url);
        return;
      case 'notify':
        figma.notify(message.message, { error: message.error === true });
        return;
    }
  };
}
