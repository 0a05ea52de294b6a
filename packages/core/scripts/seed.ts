import { loadConfig } from '@monimmo/config';
import { createDb, migrateDb } from '@monimmo/db';
import { createStorage } from '@monimmo/storage';
import { pino } from 'pino';
import { createServices } from '../src/index.ts';
import { DEMO_LOGIN, seedDemo } from '../src/seed.ts';

const config = loadConfig();
const database = await createDb(config.DATABASE_URL, { authToken: config.DATABASE_AUTH_TOKEN, busyTimeoutMs: config.DATABASE_BUSY_TIMEOUT_MS });
await migrateDb(database);
const storage = createStorage(config);
const services = createServices({ config, database, storage, logger: pino({ level: 'warn' }) });
const { created } = await seedDemo(services, database);
database.close();
storage.close();
console.log(`Demo agency "Vieux-Port Immobilier" ready in ${config.DATABASE_URL} (${created} people and properties created).`);
console.log(`Log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (also julien.roussel@… MANAGER, camille.lefebvre@… AGENT, same password).`);
