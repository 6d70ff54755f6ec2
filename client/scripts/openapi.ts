import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildOpenApiArtifacts, documentPath, typesPath } from './openapi-artifacts.ts';

/** `npm run openapi`: writes client/openapi.json and the types generated from it. */
const started = performance.now();
const { document, types } = await buildOpenApiArtifacts();
await mkdir(path.dirname(typesPath), { recursive: true });
await writeFile(documentPath, document);
await writeFile(typesPath, types);
console.log(
  `Wrote ${path.relative(process.cwd(), documentPath)} and ${path.relative(process.cwd(), typesPath)} in ${Math.round(performance.now() - started)} ms.`,
);
