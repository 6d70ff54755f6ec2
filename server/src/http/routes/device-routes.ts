import formBody from '@fastify/formbody';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiTokenService } from '../../services/api-token-service.ts';
import type { DeviceAuthorizationService } from '../../services/device-authorization-service.ts';
import { principalOf } from '../current-user.ts';
import { logFailure, toApiError } from '../error-handler.ts';
import { sendJsonText } from '../send-json-text.ts';
import {
  deviceCodeBody,
  deviceCodeResponse,
  deviceDecisionBody,
  deviceLookupQuery,
  deviceLookupResponse,
  deviceTokenBody,
  deviceTokenResponse,
  oauthErrorResponse,
  tokenRevocationBody,
} from '../identity-schemas.ts';
import { errorResponse } from '../schemas.ts';
import type { RouteServer } from './route-server.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const errorDescriptions = {
  authorization_pending: 'The user has not approved this device yet. Keep polling at the given interval.',
  slow_down: 'Polling too often: wait 5 seconds longer between requests.',
  access_denied: 'The user declined to sign this device in.',
  expired_token: 'The code has expired. Start again with a new code.',
  invalid_grant: 'The device code is unknown or has already been used.',
} as const;

export interface DeviceRoutesOptions {
  devices: DeviceAuthorizationService;
  tokens: ApiTokenService;
  /** Where people open /device; derived from the request when not configured. */
  publicUrl: string | undefined;
}

/** RFC 8628, served by Brandgen: its client endpoints take form bodies (as the RFC says) or JSON. */
export const deviceRoutes: FastifyPluginAsyncZod<DeviceRoutesOptions> = async (server, { devices, tokens, publicUrl }) => {
  await server.register(formBody, { bodyLimit: 4096 });

  server.post(
    '/api/auth/device/code',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Start a device sign-in (RFC 8628 device authorization request)',
        body: deviceCodeBody,
        response: { 200: deviceCodeResponse },
      },
    },
    async (request, reply) => {
      const code = await devices.start(request.body?.client_name ?? request.body?.client_id);
      const base = publicUrl ?? `${request.protocol}://${request.host}`;
      return reply.header('cache-control', 'no-store').send({
        device_code: code.deviceCode,
        user_code: code.userCode,
        verification_uri: `${base}/device`,
        verification_uri_complete: `${base}/device?user_code=${encodeURIComponent(code.userCode)}`,
        expires_in: code.expiresIn,
        interval: code.interval,
      });
    },
  );

  await server.register(async (scope) => {
    const tokenScope = scope.withTypeProvider<ZodTypeProvider>();
    // Whatever goes wrong with a token request is answered in RFC 6749 section 5.2's shape, which OAuth clients read.
    tokenScope.setErrorHandler(answerInOauthShape);
    tokenScope.post(
      '/api/auth/device/token',
      {
        schema: {
          tags: ['identity'],
          summary: 'Poll for the API token of a device sign-in (RFC 8628 device access token request)',
          description: 'Errors here use the OAuth shape {"error", "error_description"} that OAuth client libraries expect.',
          body: deviceTokenBody,
          response: { 200: deviceTokenResponse, 400: oauthErrorResponse },
        },
      },
      async (request, reply) => {
        const { grant_type: grantType, device_code: deviceCode } = request.body;
        reply.header('cache-control', 'no-store');
        if (grantType !== DEVICE_CODE_GRANT) {
          return reply.code(400).send({ error: 'unsupported_grant_type', error_description: `Use grant_type=${DEVICE_CODE_GRANT}.` });
        }
        if (!deviceCode) return reply.code(400).send({ error: 'invalid_request', error_description: 'Send the device_code.' });
        const result = await devices.poll(deviceCode);
        if (result.kind === 'error')
          return reply.code(400).send({ error: result.error, error_description: errorDescriptions[result.error] });
        return reply.send({ access_token: result.accessToken, token_type: 'Bearer' as const });
      },
    );
  });
  registerTokenRevocation(server, tokens);
  registerApproval(server, devices);
};

/** A malformed token request is `invalid_request` (RFC 6749 section 5.2); a fault of ours keeps its 5xx status and the same shape. */
function answerInOauthShape(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const answer = toApiError(error, request);
  reply.header('cache-control', 'no-store');
  if (answer.statusCode >= 500) {
    logFailure(request, error);
    const body = { error: answer.statusCode === 503 ? 'temporarily_unavailable' : 'server_error', error_description: answer.message };
    return sendJsonText(reply.code(answer.statusCode).headers(answer.headers), JSON.stringify(body));
  }
  const details = (answer.fields ?? []).map((field) => `${field.field}: ${field.message}`).join(' ');
  const body = { error: 'invalid_request', error_description: details ? `${answer.message} ${details}` : answer.message };
  return sendJsonText(reply.code(400), JSON.stringify(body));
}

/** RFC 7009 token revocation, so a command line or plugin signing out can end its own personal API token. */
function registerTokenRevocation(server: RouteServer, tokens: ApiTokenService): void {
  server.post(
    '/api/auth/revoke',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Revoke a personal API token by its value (RFC 7009 token revocation), e.g. when a command line signs out',
        description:
          'The token goes in the body, not in an Authorization header, so that an already revoked token can still be sent. ' +
          'The answer is 200 whether or not the token was known, as RFC 7009 asks.',
        body: tokenRevocationBody,
        response: { 200: z.object({}), 400: errorResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (await tokens.revokeByValue(request.body.token))
        request.log.info({ event: 'api_token_revoked_by_value' }, 'API token revoked by its holder');
      return reply.send({});
    },
  );
}

/** The signed-in person's side: which device a code names, and approving or declining it. */
function registerApproval(server: RouteServer, devices: DeviceAuthorizationService): void {
  server.get(
    '/api/auth/device',
    {
      schema: {
        tags: ['identity'],
        summary: 'Which device a user code belongs to, before approving it',
        querystring: deviceLookupQuery,
        response: { 200: deviceLookupResponse, 400: errorResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      principalOf(request);
      const found = await devices.describe(request.query.user_code);
      return { user_code: found.userCode, client_name: found.clientName };
    },
  );

  server.post(
    '/api/auth/device/approve',
    {
      schema: {
        tags: ['identity'],
        summary: 'Approve or decline a device sign-in with the code the device shows',
        body: deviceDecisionBody,
        response: { 204: z.null(), 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      await devices.decide(principal, request.body.user_code, request.body.approve);
      request.log.info(
        { event: request.body.approve ? 'device_approved' : 'device_declined', userId: principal.userId },
        'device sign-in decided',
      );
      return reply.code(204).send(null);
    },
  );
}
