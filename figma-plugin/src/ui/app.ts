import { unwrap } from '@brandgen/client';
import type { SelectedNode } from '../main/messages.ts';
import { afterPolicyReports, describeError } from './describe-error.ts';
import { h, replaceContent } from './dom.ts';
import { onMainMessage } from './figma-bridge.ts';
import { followAndShow, generateForm, showResults, type ViewContext } from './generate-view.ts';
import { currentSelection } from './place-images.ts';
import { Session, serverOrigin } from './session.ts';
import { showSignIn } from './sign-in-view.ts';

const root = document.getElementById('app')!;
const notice = document.getElementById('notice')!;
const session = new Session(serverOrigin());

function say(message: string, isError = false): void {
  notice.textContent = message;
  notice.classList.toggle('error', isError);
  // A failure interrupts (alert); other news waits its turn (status).
  notice.setAttribute('role', isError ? 'alert' : 'status');
}

function fail(error: unknown): void {
  void afterPolicyReports().then(() => showFailure(error));
}

function showFailure(error: unknown): void {
  const plain = describeError(error, session.server);
  if (plain.signIn) {
    session.forget();
    showSignIn(root, session, plain.message, () => void start());
    return;
  }
  say(plain.message, true);
}

const context: ViewContext = { session, fail, say: (message) => say(message) };

/** Who we are: none mode needs no sign-in; otherwise a stored token, or the sign-in screen. */
async function start(): Promise<void> {
  say('');
  replaceContent(root, h('p', { class: 'status', role: 'status' }, `Connecting to ${session.server}…`));
  try {
    await session.restore();
    const me = await unwrap(session.client.api.GET('/api/auth/me'));
    await showMain(me.auth_mode !== 'none');
  } catch (error) {
    await afterPolicyReports();
    const plain = describeError(error, session.server);
    if (plain.signIn) return showSignIn(root, session, session.signedIn ? plain.message : null, () => void start());
    replaceContent(
      root,
      h(
        'section',
        { class: 'panel' },
        h('p', { class: 'error', role: 'alert' }, plain.message),
        h('button', { type: 'button', onclick: () => void start() }, 'Try again'),
      ),
    );
  }
}

async function showMain(canSignOut: boolean): Promise<void> {
  const catalog = await unwrap(session.client.api.GET('/api/models'));
  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  const selectionPanel = h('section', { class: 'selection', 'aria-label': 'Selected image' });
  const recent = h('section', { class: 'panel recent', 'aria-labelledby': 'recent-title' });
  const signOut = canSignOut && h('button', { type: 'button', class: 'link', onclick: () => signOutNow() }, 'Sign out');
  replaceContent(
    root,
    h(
      'header',
      { class: 'bar' },
      h('span', { class: 'brand' }, 'Brandgen'),
      h('span', { class: 'server' }, new URL(session.server).host),
      signOut,
    ),
    selectionPanel,
    generateForm(context, catalog, results),
    results,
    recent,
  );
  showRecent(recent);
  renderSelection(selectionPanel, await currentSelection());
  onMainMessage((message) => {
    if (message.type === 'selection') renderSelection(selectionPanel, message.nodes);
  });
}

/** Revokes the token on the server and forgets it here. */
function signOutNow(): void {
  void session.signOut();
  showSignIn(root, session, null, () => void start());
}

/** For a placed image that is selected: variations, an edit with an instruction, or the web app. */
function renderSelection(panel: HTMLElement, nodes: SelectedNode[]): void {
  const placed = nodes.find((node) => node.brandgen !== null)?.brandgen;
  if (!placed) return replaceContent(panel);
  const results = h('div', { class: 'results' });
  const instruction = h('input', { id: 'edit-instruction', type: 'text', placeholder: 'Make the background dark blue' });
  const run = async (path: '/api/images/{id}/variations' | '/api/images/{id}/edit') => {
    try {
      const params = { path: { id: placed.image_id } };
      const job =
        path === '/api/images/{id}/edit'
          ? await unwrap(session.client.api.POST(path, { params, body: { instruction: instruction.value.trim() } }))
          : await unwrap(session.client.api.POST(path, { params, body: {} }));
      await followAndShow(context, job.job_id, results, undefined);
    } catch (error) {
      fail(error);
    }
  };
  replaceContent(
    panel,
    h('h2', {}, 'Selected image'),
    h('p', { class: 'muted' }, placed.prompt),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: () => void run('/api/images/{id}/variations') }, 'Variations'),
      h('button', { type: 'button', onclick: () => session.open(`/history?q=${encodeURIComponent(placed.prompt)}`) }, 'Open in Brandgen'),
    ),
    h('label', { for: 'edit-instruction' }, 'Edit with an instruction'),
    h(
      'div',
      { class: 'row' },
      instruction,
      h(
        'button',
        {
          type: 'button',
          onclick: () => void (instruction.value.trim() ? run('/api/images/{id}/edit') : say('Type what to change first.')),
        },
        'Edit',
      ),
    ),
    results,
  );
}

/** Recent images from the library, searchable, favorites only on demand; each can be placed. */
function showRecent(section: HTMLElement): void {
  const search = h('input', { id: 'recent-search', type: 'search', placeholder: 'Search your images' });
  const favorites = h('input', { id: 'recent-favorites', type: 'checkbox' });
  const list = h('div', {});
  const load = async () => {
    try {
      const query = {
        limit: 8,
        ...(search.value.trim() && { q: search.value.trim() }),
        ...(favorites.checked && { favorite: 'true' as const }),
      };
      const page = await unwrap(session.client.api.GET('/api/images', { params: { query } }));
      if (page.images.length === 0) return replaceContent(list, h('p', { class: 'muted' }, 'No images yet.'));
      showResults(context, page.images, list, undefined);
    } catch (error) {
      fail(error);
    }
  };
  search.addEventListener('change', () => void load());
  favorites.addEventListener('change', () => void load());
  replaceContent(
    section,
    h('h2', { id: 'recent-title' }, 'Recent images'),
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'recent-search', class: 'visually-hidden' }, 'Search your images'),
      search,
      h('label', {}, favorites, ' Favorites'),
    ),
    list,
  );
  void load();
}

void start();
