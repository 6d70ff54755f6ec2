// The ceiling for the job read: the smallest Fastify server sending the very answer Brandgen sends for one job (its
// bytes and its headers), read once from Brandgen at start. It shows what an answer of that size allows at all.
import Fastify from 'fastify';

/** Headers Node or Fastify write for every answer themselves. */
const writtenByServer = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

const source = await fetch(process.argv[2]!);
const body = await source.text();
const headers = Object.fromEntries([...source.headers].filter(([name]) => !writtenByServer.has(name)));

const server = Fastify({ logger: false });
server.get('/', async (_request, reply) => reply.headers(headers).send(body));
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ address });
