import { loadConfig } from '@monimmo/config';
import { createDb, migrateDb } from '../src/index.ts';

const config = loadConfig();
const database = await createDb(config.DATABASE_URL, {
  authToken: config.DATABASE_AUTH_TOKEN,
  busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
});
await migrateDb(database);
database.close();
console.log(`Migrations applied to ${config.DATABASE_URL}`);
