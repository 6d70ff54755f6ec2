import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/**
 * A page that plays Figma's part around the plugin UI: ui.html in a sandboxed iframe (`allow-scripts` only, so its
 * origin is "null", as in Figma), every message the UI sends to the main thread recorded, and the main thread's answers
 * (clientStorage, selection, inserted) relayed back the way Figma delivers them (`pluginMessage`).
 */
const HOST_SCRIPT = `
  window.recorded = [];
  window.storage = {};
  window.selectionNodes = [];
  const frame = document.getElementById('plugin');
  const toUi = (message) => frame.contentWindow.postMessage({ pluginMessage: message }, '*');
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || !event.data || !event.data.pluginMessage) return;
    const message = event.data.pluginMessage;
    window.recorded.push(message);
    if (message.type === 'load-token') toUi({ type: 'token', server: message.server, token: window.storage['token:' + message.server] ?? null });
    if (message.type === 'save-token') window.storage['token:' + message.server] = message.token;
    if (message.type === 'forget-token') delete window.storage['token:' + message.server];
    if (message.type === 'selection') toUi({ type: 'selection', nodes: window.selectionNodes, request_id: message.request_id });
    if (message.type === 'insert') toUi({ type: 'inserted', node_ids: message.images.map((_, index) => '1:' + (index + 1)), request_id: message.request_id });
  });
  // Figma enforces the manifest's allowedDomains with a Content Security Policy; a test may pass one the same way.
  window.loadPlugin = (html, csp) => { if (csp) frame.setAttribute('csp', csp); frame.srcdoc = html; };
  // As Figma's selectionchange: the main thread tells the UI what is selected now.
  window.select = (nodes) => { window.selectionNodes = nodes; toUi({ type: 'selection', nodes }); };
`;

const HOST_PAGE = `<!doctype html><title>Figma stand-in</title><style>body{margin:0}iframe{border:0;width:360px;height:640px}</style>
<iframe id="plugin" title="Brandgen plugin" sandbox="allow-scripts"></iframe><script>${HOST_SCRIPT}</script>`;

/**
 * The host page from its own loopback server: Chromium lets a page reach a loopback Brandgen only from the loopback
 * address space (as Figma's desktop app reaches a studio server on the local network).
 */
export async function startHostServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HOST_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function openHostPage(page: Page, hostUrl: string, uiHtml: string, csp?: string): Promise<void> {
  await page.goto(hostUrl);
  await page.evaluate(
    ([html, policy]) => (window as unknown as { loadPlugin(html: string, csp?: string): void }).loadPlugin(html!, policy),
    [uiHtml, csp],
  );
  // Sandboxed without allow-same-origin: the host cannot reach into the plugin, as in Figma.
  if (await page.evaluate(() => document.querySelector('iframe')!.contentDocument !== null))
    throw new Error('The plugin iframe is not sandboxed');
}

export interface RecordedInsert {
  layout: string;
  target: string;
  images: Array<{
    width: number;
    height: number;
    pngWidth: number;
    pngHeight: number;
    isPng: boolean;
    byteLength: number;
    name: string;
    data: Record<string, unknown>;
  }>;
}

/** The UI's messages to the main thread so far; insert messages are summarised (PNG header read in the page). */
export function recordedMessages(page: Page): Promise<Array<{ type: string; url?: string } & Partial<RecordedInsert>>> {
  return page.evaluate(() => {
    const messages = (window as unknown as { recorded: Array<Record<string, any>> }).recorded;
    return messages.map((message) => {
      if (message.type !== 'insert') return message as { type: string };
      return {
        type: 'insert',
        layout: message.layout,
        target: message.target,
        images: (message.images as Array<Record<string, any>>).map((image) => {
          const bytes = image.bytes as Uint8Array;
          const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          return {
            width: image.width,
            height: image.height,
            isPng: bytes instanceof Uint8Array && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47,
            pngWidth: view.getUint32(16),
            pngHeight: view.getUint32(20),
            byteLength: bytes.byteLength,
            name: image.name,
            data: image.data,
          };
        }),
      };
    });
  });
}

/** Selects nodes on the stand-in canvas, as the user would in Figma. */
export async function selectNodes(page: Page, nodes: unknown[]): Promise<void> {
  await page.evaluate((selected) => (window as unknown as { select(nodes: unknown[]): void }).select(selected), nodes);
}
