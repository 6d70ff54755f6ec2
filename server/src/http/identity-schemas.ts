import { z } from 'zod';
import { idParam } from './path-params.ts';

/** Request and response shapes of sign-in, API tokens and the device grant. */

export const currentUserResponse = z.object({
  auth_mode: z.enum(['none', 'oidc']),
  user: z.object({
    id: z.string(),
    name: z.string(),
    is_admin: z.boolean(),
    via: z.enum(['local', 'session', 'api_token', 'access_token']),
  }),
  csrf_token: z.string().nullable().describe('Send as X-CSRF-Token on state-changing requests made with the session cookie.'),
});

export const apiTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});

export const createApiTokenBody = z
  .object({
    name: z.string({ error: 'Give the token a name, e.g. "Figma laptop".' }).describe('What the token is for, 1 to 100 characters.'),
    expires_at: z
      .string({ error: 'The expiry must be a date and time such as 2027-01-31T00:00:00Z.' })
      .nullable()
      .optional()
      .describe('When the token stops working (ISO 8601); omit for no expiry.'),
  })
  .strict();

export const createdApiToken = apiTokenSummary.extend({
  token: z.string().describe('The token itself. It is shown only this once: store it now.'),
});

export const apiTokenList = z.object({ tokens: z.array(apiTokenSummary) });
export const apiTokenParams = z.object({ id: idParam('API token') });

export const deviceCodeBody = z.object({ client_id: z.string().optional(), client_name: z.string().optional() }).passthrough().optional();

export const deviceCodeResponse = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});

export const deviceTokenBody = z.object({ grant_type: z.string().optional(), device_code: z.string().optional() }).passthrough();

export const deviceTokenResponse = z.object({ access_token: z.string(), token_type: z.literal('Bearer') });

/** RFC 7009: the token to revoke, as a form or JSON; the hint is accepted and not needed. */
export const tokenRevocationBody = z.object({
  token: z.string({ error: 'Send the token to revoke.' }).min(1, 'Send the token to revoke.').max(8192, 'This is not a Brandgen token.'),
  token_type_hint: z.string().max(100).optional(),
});

/** RFC 8628 and RFC 6749 fix this shape for token endpoint errors, so OAuth client libraries understand it. */
export const oauthErrorResponse = z.object({ error: z.string(), error_description: z.string() });

export const deviceLookupQuery = z.object({ user_code: z.string() });
export const deviceLookupResponse = z.object({ user_code: z.string(), client_name: z.string() });
export const deviceDecisionBody = z.object({ user_code: z.string(), approve: z.boolean() }).strict();
