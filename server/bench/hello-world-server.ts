// The yardstick for API throughput: the smallest Fastify server, on the same machine and runtime.
import Fastify from 'fastify';

const server = Fastify({ logger: false });
server.get('/', async () => ({ hello: 'world' }));
const address = await server.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.send?.({ address });
