import { spawn } from 'node:child_process';
import os from 'node:os';
import { BrandgenApiError } from '@brandgen/client';
import { Command } from 'commander';
import { cliFailureOf } from '../cli-failure.ts';
import type { CommandContext } from '../command-context.ts';

/** Opens the approval page when a person is at a desktop; a server, CI or SSH session just shows the address. */
function openInBrowser(url: string, environment: NodeJS.ProcessEnv): boolean {
  if (!process.stdout.isTTY || environment.CI === 'true' || environment.BRANDGEN_NO_BROWSER) return false;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  if (process.platform === 'linux' && !environment.DISPLAY && !environment.WAYLAND_DISPLAY) return false;
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export function accountCommands(context: CommandContext): Command[] {
  const login = new Command('login')
    .description('Sign this computer in to a Brandgen server (device sign-in: approve a code in the browser)')
    .addHelpText('after', '\nExample:\n  brandgen login --server https://brandgen.example.com')
    .action(async () => {
      const output = context.output();
      const connection = await context.connect({ withoutSavedToken: true });
      // Without a token, a server with sign-in answers 401 here and one without it says so.
      const me = await connection.client.api.GET('/api/auth/me').catch((error: unknown) => {
        if (error instanceof BrandgenApiError && error.status === 401) return undefined;
        throw cliFailureOf(error, { server: connection.server, hadToken: false });
      });
      if (me?.data?.auth_mode === 'none') {
        output.line(`${connection.server} needs no sign-in (BRANDGEN_AUTH=none): every command works as it is.`);
        output.result({ server: connection.server, signed_in: false, needs_sign_in: false });
        return;
      }
      const signedIn = await connection.call((client) =>
        client.deviceSignIn({
          clientName: `Brandgen command line on ${os.hostname()}`,
          onPrompt: (prompt) => {
            const opened = openInBrowser(prompt.verificationUriComplete, context.environment);
            output.line(
              `To sign in, ${opened ? 'approve in the browser window that opened' : `open ${output.bold(prompt.verificationUri)}`}`,
            );
            output.line(
              `and enter the code ${output.bold(prompt.userCode)} (valid for ${Math.round(prompt.expiresInSeconds / 60)} minutes).`,
            );
            output.line(output.dim('Waiting for approval…'));
            output.event({
              type: 'device_code',
              user_code: prompt.userCode,
              verification_uri: prompt.verificationUri,
              verification_uri_complete: prompt.verificationUriComplete,
            });
          },
        }),
      );
      // An explicit header wins over BRANDGEN_TOKEN, so this checks the new token itself.
      const user = await connection.call((client) =>
        client.api.GET('/api/auth/me', { headers: { authorization: `Bearer ${signedIn.accessToken}` } }),
      );
      const name = user.data!.user.name;
      await connection.store.save(connection.server, { token: signedIn.accessToken, user_name: name, saved_at: new Date().toISOString() });
      output.line(`Signed in to ${connection.server} as user ${user.data!.user.id}. The token is saved in ${connection.store.file}.`);
      output.result({ server: connection.server, signed_in: true, user: user.data!.user, credentials: connection.store.file });
    });

  const logout = new Command('logout')
    .description('Revoke this computer’s token on the server and forget it')
    .addHelpText('after', '\nExample:\n  brandgen logout')
    .action(async () => {
      const output = context.output();
      const connection = await context.connect();
      const saved = (await connection.store.read()).servers[connection.server];
      if (!saved) {
        output.line(`Not signed in to ${connection.server}; nothing to do.`);
        output.result({ server: connection.server, revoked: false });
        return;
      }
      await connection.call((client) => client.api.POST('/api/auth/revoke', { body: { token: saved.token } }));
      await connection.store.forget(connection.server);
      output.line(`Signed out of ${connection.server}: the token is revoked and forgotten.`);
      output.result({ server: connection.server, revoked: true });
    });

  const whoami = new Command('whoami')
    .description('Who the commands act for, on which server')
    .addHelpText('after', '\nExample:\n  brandgen whoami --json')
    .action(async () => {
      const output = context.output();
      const connection = await context.connect();
      const me = (await connection.call((client) => client.api.GET('/api/auth/me'))).data!;
      const how = me.auth_mode === 'none' ? 'no sign-in needed' : `signed in with ${connection.tokenSource}`;
      output.line(`User ${me.user.id}${me.user.is_admin ? ' (administrator)' : ''} at ${connection.server}, ${how} ("${me.user.name}")`);
      output.result({ server: connection.server, auth_mode: me.auth_mode, user: me.user, token_source: connection.tokenSource });
    });

  return [login, logout, whoami];
}
