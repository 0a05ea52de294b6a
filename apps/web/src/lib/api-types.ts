import type { AppRouter } from '@monimmo/contract';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

// Types only: the bundle never carries server code.
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { AppRouter };
