import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface PackagedFile {
  name: string;
  content: Buffer;
}

const CONFIG_SCRIPT = /(<script id="brandgen-config" type="application\/json">)[^<]*(<\/script>)/;

/**
 * The built Figma plugin (figma-plugin/dist) made to belong to one Brandgen server: the manifest allows only its
 * origin and the UI talks to it. With the steps to import it in a README.
 */
export class FigmaPluginPackage {
  private readonly directory: string;

  constructor(options: { directory: string }) {
    this.directory = options.directory;
  }

  async filesFor(origin: string): Promise<PackagedFile[]> {
    const [manifestText, code, html] = await Promise.all(
      ['manifest.json', 'code.js', 'ui.html'].map((name) => readFile(path.join(this.directory, name), 'utf8')),
    );
    const manifest = JSON.parse(manifestText!) as { networkAccess: { allowedDomains: string[]; reasoning: string } };
    manifest.networkAccess.allowedDomains = [origin];
    manifest.networkAccess.reasoning = `Brandgen generates the images on your studio's own Brandgen server (${origin}); the plugin signs in to it and fetches the images from it.`;
    // JSON inside a data script: "<" is escaped so the address can never close the element.
    const config = JSON.stringify({ server: origin }).replace(/</g, '\\u003c');
    if (!CONFIG_SCRIPT.test(html!)) throw new Error('The built ui.html has no brandgen-config script; rebuild the Figma plugin.');
    return [
      { name: 'brandgen-figma-plugin/manifest.json', content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: 'brandgen-figma-plugin/code.js', content: Buffer.from(code!) },
      {
        name: 'brandgen-figma-plugin/ui.html',
        content: Buffer.from(html!.replace(CONFIG_SCRIPT, (_match, open: string, close: string) => `${open}${config}${close}`)),
      },
      { name: 'brandgen-figma-plugin/README.txt', content: Buffer.from(importSteps(origin)) },
    ];
  }
}

function importSteps(origin: string): string {
  return [
    'Brandgen for Figma',
    '',
    `This copy of the plugin talks to the Brandgen server at ${origin}.`,
    '',
    'To add it to Figma (the desktop app):',
    '1. Unzip this folder somewhere it can stay.',
    '2. In Figma, open a design file, then choose Plugins > Development > Import plugin from manifest…',
    '3. Pick manifest.json in this folder.',
    '4. Run it from Plugins > Development > Brandgen, and sign in: the plugin shows a code and opens Brandgen in your',
    '   browser to approve it.',
    '',
    'If the plugin says Figma blocked the connection, the server address changed: download the plugin again from',
    "Brandgen's Settings page.",
    '',
  ].join('\n');
}
