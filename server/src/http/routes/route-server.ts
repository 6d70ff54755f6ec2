import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The Fastify instance a route plugin receives, typed by its zod schemas: for helpers that register part of a plugin's routes. */
export type RouteServer = Parameters<FastifyPluginAsyncZod>[0];
