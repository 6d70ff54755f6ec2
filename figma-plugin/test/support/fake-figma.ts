import type { FigmaHost, PlacedNode, SelectedSceneNode } from '../../src/main/figma-host.ts';

/**
 * An in-memory stand-in for the `figma` global, implementing FigmaHost, whose every member is typed by Pick from the
 * official @figma/plugin-typings: a change to the real API's shape breaks this file's typecheck.
 */
export class FakeNode implements PlacedNode, SelectedSceneNode {
  readonly id: string;
  readonly type: SelectedSceneNode['type'];
  name = '';
  x = 0;
  y = 0;
  width: number;
  height: number;
  fills: PlacedNode['fills'] = [];
  readonly pluginData = new Map<string, string>();
  readonly sharedPluginData = new Map<string, string>();

  constructor(options: { id: string; type: SelectedSceneNode['type']; width?: number; height?: number; name?: string }) {
    this.id = options.id;
    this.type = options.type;
    this.width = options.width ?? 100;
    this.height = options.height ?? 100;
    this.name = options.name ?? '';
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }
  setPluginData(key: string, value: string): void {
    this.pluginData.set(key, value);
  }
  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? '';
  }
  setSharedPluginData(namespace: string, key: string, value: string): void {
    this.sharedPluginData.set(`${namespace}:${key}`, value);
  }
  getSharedPluginData(namespace: string, key: string): string {
    return this.sharedPluginData.get(`${namespace}:${key}`) ?? '';
  }
}

/** A text node: selectable, but an image cannot fill it. */
export function textNode(id: string): SelectedSceneNode {
  const node = new FakeNode({ id, type: 'TEXT' });
  return {
    id: node.id,
    name: 'Label',
    type: node.type,
    getPluginData: (key) => node.getPluginData(key),
    getSharedPluginData: (n, k) => node.getSharedPluginData(n, k),
  };
}

export class FakeFigma implements FigmaHost {
  readonly images: Uint8Array[] = [];
  readonly created: FakeNode[] = [];
  readonly posted: unknown[] = [];
  readonly notifications: Array<{ message: string; error: boolean }> = [];
  readonly opened: string[] = [];
  readonly storage = new Map<string, unknown>();
  undoSteps = 0;
  currentPage: { selection: ReadonlyArray<SelectedSceneNode> } = { selection: [] };
  viewport: FigmaHost['viewport'] = { center: { x: 500, y: 300 } };
  private nextId = 1;

  createImage: FigmaHost['createImage'] = (data) => {
    this.images.push(data);
    const hash = `hash-${this.images.length}`;
    return { hash, getBytesAsync: async () => data, getSizeAsync: async () => ({ width: 0, height: 0 }) };
  };

  createRectangle(): FakeNode {
    const node = new FakeNode({ id: `1:${this.nextId++}`, type: 'RECTANGLE' });
    this.created.push(node);
    return node;
  }

  clientStorage: FigmaHost['clientStorage'] = {
    getAsync: async (key) => this.storage.get(key),
    setAsync: async (key, value) => {
      this.storage.set(key, value);
    },
    deleteAsync: async (key) => {
      this.storage.delete(key);
    },
  };

  ui: FigmaHost['ui'] = { postMessage: (message) => void this.posted.push(message) };
  openExternal: FigmaHost['openExternal'] = (url) => void this.opened.push(url);
  commitUndo: FigmaHost['commitUndo'] = () => void this.undoSteps++;
  notify: FigmaHost['notify'] = (message, options) => {
    this.notifications.push({ message, error: options?.error === true });
    return { cancel: () => undefined };
  };
}
