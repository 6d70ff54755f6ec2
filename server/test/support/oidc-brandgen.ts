import { freePort } from './server-process.ts';
import { startTestBrandgen, type TestBrandgen } from './test-brandgen.ts';
import { startFakeGraph, type FakeGraph } from './fake-graph.ts';
import {
  startTestIdentityProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_GRAPH_SCOPE,
  type TestIdentityProvider,
} from './test-identity-provider.ts';
import type { BrandgenOverrides } from '../../src/app.ts';

export const MEMBERS_GROUP = '6a1f0c52-0000-4000-8000-00000000a001';
export const ADMINS_GROUP = '6a1f0c52-0000-4000-8000-00000000a002';

export interface OidcSetup {
  app: TestBrandgen;
  provider: TestIdentityProvider;
  graph: FakeGraph;
  close(): Promise<void>;
}

/** Brandgen in `oidc` mode against a real oidc-provider and a fake Microsoft Graph, all on free loopback ports. */
export async function startOidcSetup(environment: Record<string, string> = {}, overrides: BrandgenOverrides = {}): Promise<OidcSetup> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await startTestIdentityProvider([`${publicUrl}/auth/callback`]);
  const graph = await startFakeGraph();
  const app = await startTestBrandgen(
    {
      PORT: String(port),
      BRANDGEN_AUTH: 'oidc',
      BRANDGEN_PUBLIC_URL: publicUrl,
      BRANDGEN_OIDC_ISSUER: provider.issuer,
      BRANDGEN_OIDC_CLIENT_ID: TEST_CLIENT_ID,
      BRANDGEN_OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
      BRANDGEN_OIDC_TENANT_ID: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      BRANDGEN_ACCESS_GROUPS: MEMBERS_GROUP,
      BRANDGEN_ACCESS_ROLES: 'Brandgen.User',
      BRANDGEN_ADMIN_GROUPS: ADMINS_GROUP,
      BRANDGEN_GRAPH_URL: graph.baseUrl,
      BRANDGEN_GRAPH_SCOPE: TEST_GRAPH_SCOPE,
      ...environment,
    },
    overrides,
  );
  return {
    app,
    provider,
    graph,
    async close() {
      await app.close();
      await provider.close();
      await graph.close();
    },
  };
}
