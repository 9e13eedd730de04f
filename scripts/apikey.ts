/**
 * npm run apikey -- create --role ADMIN --name "Managing editor"
 * npm run apikey -- list
 * npm run apikey -- revoke <key id>
 *
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the service
 * first: one process at a time may open the embedded database).
 */
import 'reflect-metadata';
import { apiKeyCommand } from '../src/modules/auth/apikey.cli.js';

process.exitCode = await apiKeyCommand(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
