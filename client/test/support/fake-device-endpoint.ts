import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  contentType: string | undefined;
  form: Record<string, string>;
}

/**
 * An RFC 8628 device authorization server that answers token polls from a script: each entry is the OAuth error of
 * one poll, or `token`. It checks nothing about timing; the test reads the waits the client asked for.
 */
export async function startFakeDeviceEndpoint(options: { expiresIn: number; interval: number; answers: Array<string> }) {
  const requests: RecordedRequest[] = [];
  const answers = [...options.answers];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({
        path,
        contentType: request.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())),
      });
      const json = (status: number, body: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (path === '/api/auth/device/code') {
        return json(200, {
          device_code: 'device-code-1',
          user_code: 'BCDF-GHJK',
          verification_uri: 'https://brandgen.example/device',
          verification_uri_complete: 'https://brandgen.example/device?user_code=BCDF-GHJK',
          expires_in: options.expiresIn,
          interval: options.interval,
        });
      }
      const answer = answers.shift() ?? 'authorization_pending';
      if (answer === 'token') return json(200, { access_token: 'bgt_from_fake', token_type: 'Bearer' });
      return json(400, { error: answer, error_description: `scripted ${answer}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    tokenPolls: () => requests.filter((request) => request.path === '/api/auth/device/token'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
