import { authRouter } from './auth/router.ts';
import { filesRouter } from './files/router.ts';
import { propertiesRouter } from './properties/router.ts';
import { router } from './trpc.ts';
import { usersRouter } from './users/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  properties: propertiesRouter,
  files: filesRouter,
});

export type AppRouter = typeof appRouter;
