import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRequest {
  method: string;
  path: string;
  lastEventId: string | undefined;
  authorization: string | undefined;
}

export interface CuttingProxyOptions {
  /** Cut the first event stream's connection once this many events with an id have passed through. */
  cutStreamAfterEvents?: number;
  /** Cut the first event stream's connection right after the first event of this name, passing nothing after it. */
  cutStreamAfterEventNamed?: string;
  /** Answer every event stream request like a proxy that cannot stream: 200 with an HTML page, or a 502. */
  eventStreams?: 'pass' | 'html' | 'bad-gateway';
}

/** A reverse proxy in front of a real Brandgen that misbehaves on event streams on purpose, and records requests. */
export async function startCuttingProxy(upstream: string, options: CuttingProxyOptions = {}) {
  const requests: ProxyRequest[] = [];
  let streamsCut = 0;
  let openStreams = 0;
  const server = createServer((request, response) => {
    void forward(request, response).catch(() => response.destroy());
  });

  async function forward(request: IncomingMessage, response: ServerResponse) {
    const path = request.url ?? '/';
    const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
    requests.push({ method: request.method ?? 'GET', path, lastEventId: header('last-event-id'), authorization: header('authorization') });
    const isStream = /\/events$/.test(path.split('?')[0]!);
    if (isStream && options.eventStreams === 'html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Buffered by a proxy</body></html>');
      return;
    }
    if (isStream && options.eventStreams === 'bad-gateway') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
    }
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readAll(request);
    const answer = await fetch(`${upstream}${path}`, { method: request.method, headers, body, redirect: 'manual' });
    // fetch has already decoded a compressed body, so its encoding and length no longer describe what is sent on.
    const forwarded = Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length'));
    response.writeHead(answer.status, forwarded);
    if (!answer.body) {
      response.end();
      return;
    }
    if (isStream) {
      openStreams += 1;
      response.on('close', () => {
        openStreams -= 1;
      });
    }
    if (isStream && streamsCut === 0 && options.cutStreamAfterEventNamed !== undefined) {
      await passUntilEventNamed(answer.body, response, options.cutStreamAfterEventNamed);
      streamsCut += 1;
      response.socket?.destroy();
      return;
    }
    const cutAfter = isStream && streamsCut === 0 ? options.cutStreamAfterEvents : undefined;
    let eventsPassed = 0;
    const decoder = new TextDecoder();
    for await (const chunk of answer.body) {
      response.write(chunk);
      if (cutAfter === undefined) continue;
      eventsPassed += (decoder.decode(chunk, { stream: true }).match(/^id:/gm) ?? []).length;
      if (eventsPassed >= cutAfter) {
        streamsCut += 1;
        // As a dropped connection looks to the client: no end of the chunked body, just a closed socket.
        response.socket?.destroy();
        return;
      }
    }
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    streamRequests: () => requests.filter((request) => /\/events$/.test(request.path)),
    /** Event streams whose client connection is still open. */
    openStreams: () => openStreams,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Passes a stream's events on, whole, up to and including the first one named `name`; whatever came in the same chunk
 * after it is held back, so the client sees the stream break exactly there.
 */
async function passUntilEventNamed(body: ReadableStream<Uint8Array>, response: ServerResponse, name: string): Promise<void> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
      const event = pending.slice(0, end + 2);
      pending = pending.slice(end + 2);
      // Written out before the socket is destroyed, so the event reaches the client.
      await new Promise((resolve) => response.write(event, resolve));
      if (new RegExp(`^event: ?${name}$`, 'm').test(event)) return;
    }
  }
}

async function readAll(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const joined = Buffer.concat(chunks);
  const bytes = new Uint8Array(joined.length);
  bytes.set(joined);
  return bytes;
}
