import { createServer, type Server } from 'node:http';
import { freePort } from './server-process.ts';

export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export interface FakeGraph {
  /** e.g. http://127.0.0.1:1234/v1.0, used as BRANDGEN_GRAPH_URL. */
  baseUrl: string;
  requests: GraphRequest[];
  /** The groups each user (by object id) belongs to. */
  memberships: Map<string, string[]>;
  close(): Promise<void>;
}

/**
 * A local stand-in for Microsoft Graph's `POST /users/{id}/checkMemberGroups`: answers `{"value": [ids]}` with the asked
 * groups the user is in, 401 without a bearer token and 404 for an unknown user, in Graph's error shape.
 */
export async function startFakeGraph(): Promise<FakeGraph> {
  const port = await freePort();
  const requests: GraphRequest[] = [];
  const memberships = new Map<string, string[]>();
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      requests.push({
        method: request.method ?? '',
        path,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      });
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      const graphError = (status: number, code: string, message: string) =>
        send(status, { error: { code, message, innerError: { 'request-id': 'fake' } } });
      if (!request.headers.authorization?.startsWith('Bearer '))
        return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
      const match = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(path);
      if (request.method !== 'POST' || !match) return graphError(400, 'BadRequest', 'Unsupported request.');
      const userId = decodeURIComponent(match[1]!);
      const groupIds = (body as { groupIds?: unknown })?.groupIds;
      if (!Array.isArray(groupIds)) return graphError(400, 'Request_BadRequest', 'groupIds is required.');
      const groups = memberships.get(userId);
      if (!groups) return graphError(404, 'Request_ResourceNotFound', `Resource '${userId}' does not exist.`);
      send(200, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
        value: groupIds.filter((id) => groups.includes(id)),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}/v1.0`,
    requests,
    memberships,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
