import type { DeviceSignInPrompt } from '@brandgen/client';
import { afterPolicyReports, describeError } from './describe-error.ts';
import { h, replaceContent } from './dom.ts';
import type { Session } from './session.ts';

/** The device sign-in: shows the code, opens the approval page in the browser, waits for it, keeps the token. */
export function showSignIn(root: HTMLElement, session: Session, reason: string | null, onSignedIn: () => void): void {
  const status = h('p', { class: 'status', role: 'status' });
  const start = h('button', { type: 'button', class: 'primary' }, 'Sign in to Brandgen');
  const codeArea = h('div', { class: 'device-code' });
  replaceContent(
    root,
    h(
      'section',
      { class: 'panel sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title' }, 'Sign in'),
      reason && h('p', { class: 'error', role: 'alert' }, reason),
      h(
        'p',
        {},
        `Brandgen at ${session.server} needs to know who you are. Your browser opens to approve this plugin; no password is typed here.`,
      ),
      start,
      codeArea,
      status,
    ),
  );
  start.addEventListener('click', () => {
    start.disabled = true;
    status.textContent = 'Asking Brandgen for a sign-in code…';
    session.client
      .deviceSignIn({
        clientName: 'Brandgen for Figma',
        onPrompt: (prompt) => showCode(codeArea, status, session, prompt),
      })
      .then((result) => {
        session.remember(result.accessToken);
        onSignedIn();
      })
      .catch(async (error: unknown) => {
        await afterPolicyReports();
        start.disabled = false;
        start.textContent = 'Try again';
        replaceContent(codeArea);
        status.textContent = describeError(error, session.server).message;
        status.classList.add('error');
      });
  });
}

function showCode(area: HTMLElement, status: HTMLElement, session: Session, prompt: DeviceSignInPrompt): void {
  const open = () => session.openUrl(new URL(prompt.verificationUriComplete, session.server).href);
  replaceContent(
    area,
    h('p', {}, 'Check that your browser shows this code, then approve:'),
    h('p', { class: 'code', 'data-testid': 'user-code', 'aria-label': `Code ${prompt.userCode.split('').join(' ')}` }, prompt.userCode),
    h('button', { type: 'button', onclick: open }, 'Open the approval page again'),
  );
  status.textContent = `Waiting for you to approve in the browser (the code works for ${Math.round(prompt.expiresInSeconds / 60)} minutes)…`;
  open();
}
