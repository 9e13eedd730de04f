// Generates the Prisma client into src/generated/prisma.
//
// `prisma generate` never runs the schema engine, yet the CLI insists on
// finding (or downloading) a native engine binary first. Offline, that
// download fails; pointing it at any existing file lets generation proceed.
// Migrations do not use that binary: the service applies them with the
// WebAssembly engine (src/db/migrations.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
