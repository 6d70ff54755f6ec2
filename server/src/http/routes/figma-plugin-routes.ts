import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { zipStream } from '../../images/zip-stream.ts';
import type { FigmaPluginPackage } from '../../services/figma-plugin-package.ts';
import { notFound } from '../api-error.ts';
import { errorResponse } from '../schemas.ts';

export interface FigmaPluginRoutesOptions {
  plugin: FigmaPluginPackage | undefined;
  /** BRANDGEN_PUBLIC_URL in oidc mode; in none mode the address the request came to (the loopback one). */
  publicUrl: string | undefined;
}

export const figmaPluginRoutes: FastifyPluginAsyncZod<FigmaPluginRoutesOptions> = async (server, { plugin, publicUrl }) => {
  server.get(
    '/api/figma-plugin.zip',
    {
      schema: {
        tags: ['system'],
        summary: "The Figma plugin as a ZIP made for this server: its manifest allows this server's origin, with the import steps",
        response: { 200: z.unknown().describe('The ZIP file'), 401: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      if (!plugin)
        throw notFound(
          'The Figma plugin is not built on this server. Run `npm run build` (or `npm run build -w figma-plugin`) and restart.',
        );
      const origin = publicUrl ?? `${request.protocol}://${request.host}`;
      const files = await plugin.filesFor(origin);
      const mtime = new Date();
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', 'attachment; filename="brandgen-figma-plugin.zip"')
        .header('cache-control', 'no-store')
        .send(zipStream(files.map((file) => ({ name: file.name, mtime, open: async () => Readable.from([file.content]) }))));
    },
  );
};
