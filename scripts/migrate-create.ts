/**
 * npm run migrate:create -- <name>
 *
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
 * takes the committed migrations to the current prisma/schema.prisma. It
 * replays the migrations in an in-memory PostgreSQL (PGlite), so it needs
 * neither a database server nor Prisma's downloadable engine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openEmbedded, pgliteAdapterFactory } from '../src/db/embedded.js';
import { diffMigrationsToSchema } from '../src/db/migrations.js';
import { MIGRATIONS_DIR } from '../src/paths.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('--'));
  if (!check && (!name || !/^[a-z0-9_]+$/.test(name))) {
    console.error('usage: npm run migrate:create -- <name in lower_snake_case>   (or --check)');
    process.exit(2);
  }
  const scratch = await openEmbedded();
  const sql = (await diffMigrationsToSchema(pgliteAdapterFactory(scratch))).trim();
  await scratch.close();
  const empty = sql === '' || /^-- This is an empty migration\.?$/.test(sql);
  if (check) {
    if (empty) {
      console.log('prisma/migrations is in step with prisma/schema.prisma');
      return;
    }
    console.error('prisma/schema.prisma has changes that no migration holds:\n' + sql);
    process.exit(1);
  }
  if (empty) {
    console.log('No changes: prisma/migrations already matches prisma/schema.prisma.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), sql + '\n');
  console.log(`Created ${path.relative(process.cwd(), dir)}/migration.sql`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
