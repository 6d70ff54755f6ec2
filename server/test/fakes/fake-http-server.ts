import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON when the body was JSON, else the raw text. */
  body: any;
  /** The body's bytes as received, for multipart uploads. */
  raw: Buffer;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse, server: FakeHttpServer) => void | Promise<void>;

/**
 * A local stand-in for a paid provider's HTTP API: records every request exactly as sent and answers through the
 * test's handler. Images are served from the same origin, because AI SDK providers only download generated images
 * from a local address when it shares the origin of the configured base URL.
 */
export interface FakeHttpServer {
  origin: string;
  requests: RecordedRequest[];
  /** Requests other than image downloads. */
  apiRequests(): RecordedRequest[];
  imageUrl(name: string): string;
  close(): Promise<void>;
}

export async function testPng(seed = 1): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: { r: seed % 256, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const png = await testPng();
  const requests: RecordedRequest[] = [];
  let fake!: FakeHttpServer;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Multipart or other bodies stay as text.
    }
    const recorded = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body, raw };
    requests.push(recorded);
    if (recorded.path.startsWith('/files/')) {
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      return;
    }
    try {
      await handler(recorded, response, fake);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = {
    origin,
    requests,
    apiRequests: () => requests.filter((request) => !request.path.startsWith('/files/')),
    imageUrl: (name) => `${origin}/files/${name}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A recorded multipart request's fields and files, parsed as a server would. */
export async function formDataOf(request: RecordedRequest): Promise<FormData> {
  return new Response(new Uint8Array(request.raw), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Fakes for one test file, all closed when the file's tests end. */
export function fakeServers(): { start(handler: FakeHandler): Promise<FakeHttpServer>; closeAll(): Promise<void> } {
  const started: FakeHttpServer[] = [];
  return {
    async start(handler) {
      const server = await startFakeHttpServer(handler);
      started.push(server);
      return server;
    },
    async closeAll() {
      await Promise.all(started.map((server) => server.close()));
    },
  };
}
