import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8' };

/**
 * Serves fixed pages and files, readable from any origin: a sandboxed iframe's module scripts are fetched in CORS mode
 * from origin "null", as a Figma plugin's are.
 */
export async function startStaticFiles(routes: Record<string, { file: string } | { html: string }>) {
  const server = createServer((request, response) => {
    const route = routes[(request.url ?? '/').split('?')[0]!];
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (!route) {
      response.writeHead(404, headers).end();
      return;
    }
    if ('html' in route) {
      response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.html']! }).end(route.html);
      return;
    }
    readFile(route.file).then(
      (body) => response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.js']! }).end(body),
      () => response.writeHead(404, headers).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
