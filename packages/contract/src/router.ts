import { authRouter } from './auth/router.ts';
import { eventsRouter } from './events/router.ts';
import { filesRouter } from './files/router.ts';
import { integrationsRouter } from './integrations/router.ts';
import { messagesRouter } from './messages/router.ts';
import { propertiesRouter } from './properties/router.ts';
import { reviewQueueRouter } from './review-queue/router.ts';
import { sessionRouter } from './session/router.ts';
import { router } from './trpc.ts';
import { usersRouter } from './users/router.ts';
import { vocalsRouter } from './vocals/router.ts';

export const appRouter = router({
  auth: authRouter,
  session: sessionRouter,
  users: usersRouter,
  properties: propertiesRouter,
  files: filesRouter,
  messages: messagesRouter,
  reviewQueue: reviewQueueRouter,
  vocals: vocalsRouter,
  integrations: integrationsRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
