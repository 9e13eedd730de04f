/**
 * npm run schema:print   writes schema.graphql from the code-first schema.
 * A test fails whenever the committed file differs from what the server serves.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { printedSchema } from '../src/schema.js';

const target = path.join(PROJECT_ROOT, 'schema.graphql');
await writeFile(target, await printedSchema());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
