/**
 * npm run migrate:deploy   applies pending migrations to DATABASE_URL and exits,
 * for deployments that migrate before rolling out new instances.
 */
import { parseConfig } from '../src/config.js';
import { migrate } from '../src/db/database.js';

const config = parseConfig();
if (!config.databaseUrl) {
  console.error('Set DATABASE_URL to the database to migrate (the embedded database migrates itself on start).');
  process.exit(2);
}
const applied = await migrate({ kind: 'server', url: config.databaseUrl });
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
