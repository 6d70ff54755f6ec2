/**
 * What makes a built plugin belong to one Brandgen server: the manifest's allowed domain and the address in ui.html.
 * The build uses these for BRANDGEN_PUBLIC_URL; the server's ZIP does the same for its own address.
 */

/** The id Figma assigns when a plugin is published; any stable string works for a development import. */
export const DEVELOPMENT_PLUGIN_ID = 'brandgen-figma-plugin';

export interface FigmaManifest {
  name: string;
  id: string;
  api: string;
  editorType: string[];
  documentAccess: 'dynamic-page';
  main: string;
  ui: string;
  networkAccess: { allowedDomains: string[]; devAllowedDomains: string[]; reasoning: string };
}

export function manifestFor(server: string, id: string = DEVELOPMENT_PLUGIN_ID): FigmaManifest {
  return {
    name: 'Brandgen',
    id,
    api: '1.0.0',
    editorType: ['figma'],
    documentAccess: 'dynamic-page',
    main: 'code.js',
    ui: 'ui.html',
    networkAccess: {
      allowedDomains: [server],
      devAllowedDomains: ['http://localhost:8080', 'http://127.0.0.1:8080'],
      reasoning: `Brandgen generates the images on your studio's own Brandgen server (${server}); the plugin signs in to it and fetches the images from it.`,
    },
  };
}

const CONFIG = /(<script id="brandgen-config" type="application\/json">)[^<]*(<\/script>)/;

/** ui.html with the server it talks to; the address is JSON inside a data script, so nothing in it can run. */
export function withServer(html: string, server: string): string {
  if (!CONFIG.test(html)) throw new Error('ui.html has no brandgen-config script to hold the server address');
  const json = JSON.stringify({ server }).replace(/</g, '\\u003c');
  return html.replace(CONFIG, (_match, open: string, close: string) => `${open}${json}${close}`);
}
