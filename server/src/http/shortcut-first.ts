import type { Server } from 'node:http';
import type { JobReadShortcut } from './jobs/job-read-shortcut.ts';

/**
 * Puts the job-read shortcut in front of Fastify on the Node server Fastify made. Fastify's `serverFactory` option
 * would do it too, but with a factory Fastify no longer binds every address of `localhost` (127.0.0.1 and ::1), so
 * HOST=localhost would answer on one of them only; Fastify's own server keeps its timeouts and bindings. Any other
 * server Fastify binds (the second `localhost` address) answers through Fastify alone, which gives the same answers.
 */
export function putShortcutFirst(server: Server, shortcut: JobReadShortcut): void {
  const listeners = server.listeners('request');
  // Fastify passes its handler to http.createServer, which makes it the one request listener.
  if (listeners.length !== 1) throw new Error(`Expected Fastify's one request listener, found ${listeners.length}.`);
  const fastifyHandler = listeners[0] as (...request: Parameters<JobReadShortcut['answer']>) => void;
  server.removeListener('request', fastifyHandler);
  server.on('request', (request, response) => {
    if (!shortcut.answer(request, response)) fastifyHandler.call(server, request, response);
  });
}
