import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire: still compressed when the answer was. */
  body: Buffer;
}

/**
 * One request with exactly the headers given (fetch neither lets a test choose the Host header nor shows compressed
 * bytes). With `headersOnly` the connection is closed once the status and headers arrived, for endless streams.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; headersOnly?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
      const answer = { status: response.statusCode ?? 0, headers: response.headers };
      if (options.headersOnly) {
        response.destroy();
        resolve({ ...answer, body: Buffer.alloc(0) });
        return;
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ ...answer, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
