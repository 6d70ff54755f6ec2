import type { FastifyReply } from 'fastify';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The plain pages' only style; the content security policy admits it by its hash (security-headers.ts). */
export const PLAIN_PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1d1f}h1{font-size:1.5rem}a{color:#0b57d0}';

/**
 * A small server-rendered page for the moments the web app cannot show (denied access, a failed sign-in):
 * the app itself only loads for people who are let in.
 */
export function sendPlainPage(
  reply: FastifyReply,
  status: number,
  page: { title: string; message: string; link?: { href: string; label: string } },
) {
  const link = page.link ? `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.label)}</a></p>` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Brandgen</title>
<style>${PLAIN_PAGE_STYLE}</style>
</head><body><main><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${link}</main></body></html>`;
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
