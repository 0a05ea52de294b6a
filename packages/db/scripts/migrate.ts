import { loadConfig } from '@monimmo/config';
import { createDb, migrateDb } from '../src/index.ts';

const config = loadConfig();
const database = await createDb(config.DATABASE_URL, {
  authToken: config.DATABASE_AUTH_TOKEN,
  busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS,
});
const report = await migrateDb(database);
database.close();
console.log(`${report.applied} migration(s) applied to ${config.DATABASE_URL}`);
if (report.foreignKeyViolations.length) console.error('Rows break a foreign key (PRAGMA foreign_key_check):', report.foreignKeyViolations);
if (report.tenancyMismatches.length) {
  console.warn(
    `Warning: ${report.tenancyMismatches.length} cross-agency references were cleared; check them in tenancy_mismatches, then empty that table:`,
  );
  console.warn(report.tenancyMismatches.map(({ rowData: _rowData, ...ids }) => ids));
}
