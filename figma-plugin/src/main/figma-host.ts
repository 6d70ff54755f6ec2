/**
 * The part of the Figma plugin API the main thread uses, cut from the official typings (@figma/plugin-typings) with
 * Pick, so the real `figma` global is one of these and a test's in-memory stand-in cannot drift from the real API.
 */

/** A node that holds a placed image: a rectangle we made, or a frame or shape we filled. */
export type PlacedNode = Pick<
  RectangleNode,
  'id' | 'name' | 'x' | 'y' | 'width' | 'height' | 'fills' | 'resize' | 'setPluginData' | 'setSharedPluginData'
>;

/** A selected node, whatever its type; only some have fills. */
export type SelectedSceneNode = Pick<SceneNode, 'id' | 'name' | 'type' | 'getPluginData' | 'getSharedPluginData'> &
  Partial<Pick<RectangleNode, 'fills' | 'width' | 'height' | 'setPluginData' | 'setSharedPluginData'>>;

export interface FigmaHost {
  createImage: PluginAPI['createImage'];
  createRectangle(): PlacedNode;
  currentPage: { readonly selection: ReadonlyArray<SelectedSceneNode> };
  viewport: Pick<PluginAPI['viewport'], 'center'>;
  clientStorage: Pick<PluginAPI['clientStorage'], 'getAsync' | 'setAsync' | 'deleteAsync'>;
  ui: Pick<PluginAPI['ui'], 'postMessage'>;
  openExternal: PluginAPI['openExternal'];
  commitUndo: PluginAPI['commitUndo'];
  notify: PluginAPI['notify'];
}
