import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { isPublicAddress, resolvePublicAddresses } from './address-policy.ts';
import { HttpWebhookSender } from './webhook-sender.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

function request() {
  return { headers: { 'content-type': 'application/json' }, body: '{"type":"webhook.test"}' };
}

describe('address policy', () => {
  it('refuses loopback, private, link-local, carrier-grade NAT and cloud metadata addresses, in IPv4 and IPv6', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '168.63.129.16',
      '100.100.100.200',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ];
    for (const address of refused) assert.equal(isPublicAddress(address), false, address);
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) assert.equal(isPublicAddress(address), true, address);
  });

  it('refuses a name that resolves to loopback, unless private addresses are allowed', async () => {
    await assert.rejects(resolvePublicAddresses('localhost', false), /loopback, private, link-local or cloud metadata/);
    assert.ok((await resolvePublicAddresses('localhost', true)).length > 0);
    await assert.rejects(resolvePublicAddresses('does-not-exist.invalid', true), /could not be found/);
  });
});

describe('HttpWebhookSender', () => {
  it('sends to a loopback receiver only when private addresses are allowed, by literal address and by name', async () => {
    let received = 0;
    const base = await listen(createServer((_request, response) => ((received += 1), response.end('ok'))));
    const refusing = new HttpWebhookSender({ allowPrivate: false });
    after(() => refusing.close());
    await assert.rejects(refusing.send({ url: `${base}/hook`, ...request() }), /127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    // A name is checked where the connection is made, against the address it connects to.
    await assert.rejects(refusing.send({ url: `${base.replace('127.0.0.1', 'localhost')}/hook`, ...request() }), (error: Error) =>
      /loopback, private/.test(`${error.message} ${(error as { cause?: Error }).cause?.message ?? ''}`),
    );
    assert.equal(received, 0);
    const allowing = new HttpWebhookSender({ allowPrivate: true });
    after(() => allowing.close());
    assert.deepEqual(await allowing.send({ url: `${base}/hook`, ...request() }), { statusCode: 200 });
    assert.equal(received, 1);
  });

  it('does not follow a redirect', async () => {
    const paths: string[] = [];
    const base = await listen(
      createServer((incoming, response) => {
        paths.push(incoming.url ?? '');
        response.writeHead(307, { location: '/elsewhere' }).end();
      }),
    );
    const sender = new HttpWebhookSender({ allowPrivate: true });
    after(() => sender.close());
    assert.deepEqual(await sender.send({ url: `${base}/hook`, ...request() }), { statusCode: 307 });
    assert.deepEqual(paths, ['/hook']);
  });

  it('reads at most 64 KB of an answer that never ends', async () => {
    const base = await listen(
      createServer((_request, response) => {
        response.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 'x');
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
      }),
    );
    const sender = new HttpWebhookSender({ allowPrivate: true });
    after(() => sender.close());
    assert.deepEqual(await sender.send({ url: `${base}/hook`, ...request() }), { statusCode: 200 });
  });

  it('gives up on an endpoint that does not answer in time', async () => {
    const base = await listen(createServer(() => {}));
    const sender = new HttpWebhookSender({ allowPrivate: true, timeoutMs: 200 });
    after(() => sender.close());
    await assert.rejects(sender.send({ url: `${base}/hook`, ...request() }), (error: Error) =>
      ['TimeoutError', 'HeadersTimeoutError', 'AbortError'].includes(error.name),
    );
  });
});
