import { staffProcedure, router } from '../trpc.ts';
import { createUserInput, getUserInput, listUsersInput, updateUserInput, userDetailSchema, userPageSchema, userSchema } from './schemas.ts';

const tags = ['Users'];

export const usersRouter = router({
  list: staffProcedure
    .meta({
      openapi: { method: 'GET', path: '/users', tags, summary: 'List staff and contacts', protect: true, errorResponses: [400, 401] },
    })
    .input(listUsersInput)
    .output(userPageSchema)
    .query(({ ctx, input }) => ctx.services.users.list(ctx.actor, input)),

  create: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/users',
        tags,
        summary: 'Create a contact, or a staff member (MANAGER/ADMIN only)',
        protect: true,
        errorResponses: [400, 401, 403, 409],
      },
      successStatus: 201,
    })
    .input(createUserInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => ctx.services.users.create(ctx.actor, input)),

  get: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/users/{id}',
        tags,
        summary: 'A user with the properties they are linked to',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(getUserInput)
    .output(userDetailSchema)
    .query(({ ctx, input }) => ctx.services.users.get(ctx.actor, input.id)),

  update: staffProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/users/{id}',
        tags,
        summary: 'Update a user (staff accounts: MANAGER/ADMIN only)',
        protect: true,
        errorResponses: [400, 401, 403, 404, 409, 422],
      },
    })
    .input(updateUserInput)
    .output(userSchema)
    .mutation(({ ctx, input }) => ctx.services.users.update(ctx.actor, input)),
});
