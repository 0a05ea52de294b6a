import { authRouter } from './auth/router.ts';
import { propertiesRouter } from './properties/router.ts';
import { router } from './trpc.ts';
import { usersRouter } from './users/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  properties: propertiesRouter,
});

export type AppRouter = typeof appRouter;
