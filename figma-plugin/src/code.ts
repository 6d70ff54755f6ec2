import { createMessageHandler, describeSelection } from './main/handle-message.ts';
import type { UiToMain } from './main/messages.ts';

// Figma's plugin panel is about this size; the UI scrolls within it.
figma.showUI(__html__, { width: 360, height: 640, themeColors: false, title: 'Brandgen' });

const handle = createMessageHandler(figma);
figma.ui.onmessage = (message: UiToMain) => {
  void handle(message);
};

// The UI offers variations and edits for a placed image as soon as one is selected.
figma.on('selectionchange', () => {
  figma.ui.postMessage({ type: 'selection', nodes: describeSelection(figma) });
});
