import assert from 'node:assert/strict';
import { it } from 'node:test';
import { WebhookRepository } from '../db/webhook-repository.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { systemClock } from './clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import { MAX_ENDPOINTS_PER_USER, WebhookService, type WebhookInput } from './webhook-service.ts';

const ada = { userId: 'ada', isAdmin: false };
const admin = { userId: 'root', isAdmin: true };
const input: WebhookInput = { url: 'https://hooks.example.com/brandgen', events: ['job.completed'], description: 'CI', allUsers: false };

describeEachDatabase('WebhookService', (testDatabase) => {
  async function setUp() {
    const repository = new WebhookRepository({ database: await testDatabase.open() });
    const sealed: Array<{ secret: string; endpointId: string }> = [];
    const checked: string[] = [];
    let queued = 0;
    const service = new WebhookService({
      repository,
      clock: systemClock,
      seal: (secret, endpointId) => (sealed.push({ secret, endpointId }), `sealed:${endpointId}`),
      // Stands in for DNS: one host is "private".
      checkAddress: async (url) => {
        checked.push(url.hostname);
        if (url.hostname === 'intranet.example.com') throw new Error('intranet.example.com resolves to 10.0.0.7, a private address.');
      },
      onQueued: () => (queued += 1),
    });
    return { repository, service, sealed, checked, queued: () => queued };
  }

  it('returns the secret once, stores it only sealed under the endpoint id, and never lists it', async () => {
    const { repository, service, sealed } = await setUp();
    const { endpoint, secret } = await service.create(ada, input);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(sealed, [{ secret, endpointId: endpoint.id }]);
    assert.deepEqual(await service.list('ada'), [endpoint]);
    const claimed = await repository.enqueue({ type: 'job.completed', userId: 'ada', data: {}, createdAt: systemClock.now() });
    assert.equal(claimed, 1);
    const [delivery] = await repository.claimDue('worker', systemClock.now(), systemClock.now(), 1);
    assert.equal(delivery!.sealedSecret, `sealed:${endpoint.id}`);
  });

  it('refuses an address the policy refuses, other schemes and credentials in the address, with a url field error', async () => {
    const { service, checked } = await setUp();
    for (const url of [
      'https://intranet.example.com/hook',
      'ftp://hooks.example.com/hook',
      'https://user:pw@hooks.example.com/hook',
      'not a url',
    ]) {
      await assert.rejects(
        service.create(ada, { ...input, url }),
        (error: unknown) => error instanceof ValidationError && error.fields[0]!.field === 'url',
        url,
      );
    }
    assert.deepEqual(checked, ['intranet.example.com'], 'only well-formed http(s) addresses reach the address check');
    assert.deepEqual(await service.list('ada'), []);
  });

  it("lets only administrators hear everyone's events, and delivers those to them", async () => {
    const { repository, service } = await setUp();
    await assert.rejects(service.create(ada, { ...input, allUsers: true }), ForbiddenError);
    const { endpoint } = await service.create(admin, { ...input, allUsers: true });
    await service.create(ada, { ...input, events: ['job.failed'] });
    // Ada's job completes: the administrator's all-users endpoint hears it, Ada's job.failed-only endpoint does not.
    assert.equal(await repository.enqueue({ type: 'job.completed', userId: 'ada', data: {}, createdAt: systemClock.now() }), 1);
    assert.equal((await service.deliveries('root', endpoint.id)).length, 1);
  });

  it("answers another user's endpoint with 404, and keeps each user under the endpoint limit", async () => {
    const { service } = await setUp();
    const { endpoint } = await service.create(ada, input);
    await assert.rejects(service.get('grace', endpoint.id), NotFoundError);
    await assert.rejects(service.sendTest('grace', endpoint.id), NotFoundError);
    await assert.rejects(service.delete('grace', endpoint.id), NotFoundError);
    for (let index = 1; index < MAX_ENDPOINTS_PER_USER; index += 1) await service.create(ada, input);
    await assert.rejects(
      service.create(ada, input),
      (error: unknown) => error instanceof ValidationError && /up to 20 endpoints/.test(error.fields[0]!.message),
    );
  });

  it('queues a test event and a resend and wakes the dispatcher; refuses both while the endpoint is off', async () => {
    const { service, queued } = await setUp();
    const { endpoint } = await service.create(ada, input);
    const test = await service.sendTest('ada', endpoint.id);
    assert.equal(test.eventType, 'webhook.test');
    assert.equal((await service.resend('ada', endpoint.id, test.id)).status, 'pending');
    assert.equal(queued(), 2);
    await service.update(ada, endpoint.id, { ...input, enabled: false });
    await assert.rejects(service.sendTest('ada', endpoint.id), ValidationError);
    await assert.rejects(service.resend('ada', endpoint.id, test.id), ValidationError);
    await assert.rejects(service.resend('ada', endpoint.id, 'msg_00000000000000000000000000000000'), ValidationError);
  });
});
