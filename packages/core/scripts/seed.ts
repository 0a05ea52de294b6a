import { loadConfigOrExit } from '@monimmo/config';
import { pino } from 'pino';
import { startRuntime } from '../src/runtime.ts';
import { DEMO_LOGIN, seedDemo } from '../src/seed.ts';

const config = loadConfigOrExit();
const logger = pino({ level: 'warn' });
// Without Redis the seed's own jobs (message triage) run here before it exits.
const runtime = await startRuntime(config, logger, { migrate: true, consumeJobs: (queue) => queue.driver === 'in-process' });
const { created } = await seedDemo(runtime.services, runtime.database);
if (runtime.queue.driver === 'in-process') await runtime.queue.idle(120_000);
await runtime.close();
console.log(`Demo agency "Vieux-Port Immobilier" ready in ${config.DATABASE_URL} (${created} people and properties created).`);
console.log(
  `Log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (also julien.roussel@… MANAGER, camille.lefebvre@… AGENT, same password).`,
);
