import { queuedJobSchema } from '../common/schemas.ts';
import { router, staffProcedure } from '../trpc.ts';
import { createMessageInput, listMessagesInput, messageIdInput, messagePageSchema, messageSchema, updateMessageInput } from './schemas.ts';

const tags = ['Messages'];

export const messagesRouter = router({
  list: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/messages',
        tags,
        summary: 'The inbox: filters, ranked search, newest first',
        protect: true,
        errorResponses: [400, 401],
      },
    })
    .input(listMessagesInput)
    .output(messagePageSchema)
    .query(({ ctx, input }) => ctx.services.messages.list(ctx.actor, input)),

  create: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/messages',
        tags,
        summary: 'Record a message received elsewhere (imports, automations); the integrations create theirs',
        protect: true,
        errorResponses: [400, 401, 404, 409],
      },
      successStatus: 201,
    })
    .input(createMessageInput)
    .output(messageSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.create(ctx.actor, input)),

  get: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/messages/{id}',
        tags,
        summary: 'A message with its attached documents',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(messageIdInput)
    .output(messageSchema)
    .query(({ ctx, input }) => ctx.services.messages.get(ctx.actor, input.id)),

  update: staffProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/messages/{id}',
        tags,
        summary: 'Attach a message to a property by hand (or detach it)',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(updateMessageInput)
    .output(messageSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.update(ctx.actor, input)),

  runAi: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/messages/{id}/run-ai',
        tags,
        summary: 'Triage the message again: attach it to its property or send it to review',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(messageIdInput)
    .output(queuedJobSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.runAi(ctx.actor, input.id)),
});
