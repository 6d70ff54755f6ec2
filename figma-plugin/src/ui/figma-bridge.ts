import type { MainToUi, UiToMain } from '../main/messages.ts';

/**
 * The UI's side of the plugin's message channel: Figma delivers what the UI posts to its parent as `pluginMessage` to
 * the main thread, and the main thread's messages arrive the same way.
 */
export function sendToMain(message: UiToMain): void {
  parent.postMessage({ pluginMessage: message }, '*');
}

type Listener = (message: MainToUi) => void;
const listeners = new Set<Listener>();

window.addEventListener('message', (event: MessageEvent<{ pluginMessage?: MainToUi } | null>) => {
  const message = event.data?.pluginMessage;
  if (message && typeof message === 'object' && typeof message.type === 'string') for (const listener of listeners) listener(message);
});

export function onMainMessage(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let nextRequest = 0;

/** Sends a message carrying a fresh request id and resolves with the main thread's answer to it. */
export function requestFromMain<T extends MainToUi>(
  message: UiToMain & { request_id?: string | undefined },
  accepts: (answer: MainToUi) => answer is T,
): Promise<T> {
  const requestId = `r${++nextRequest}`;
  return new Promise((resolve) => {
    const stop = onMainMessage((answer) => {
      if (!accepts(answer) || ('request_id' in answer && answer.request_id !== requestId)) return;
      stop();
      resolve(answer);
    });
    sendToMain({ ...message, request_id: requestId } as UiToMain);
  });
}

/** The stored token for a server, read through the main thread's clientStorage. */
export function loadToken(server: string): Promise<string | null> {
  return new Promise((resolve) => {
    const stop = onMainMessage((answer) => {
      if (answer.type !== 'token' || answer.server !== server) return;
      stop();
      resolve(answer.token);
    });
    sendToMain({ type: 'load-token', server });
  });
}
