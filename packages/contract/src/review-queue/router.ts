import { router, staffProcedure } from '../trpc.ts';
import { listReviewItemsInput, resolveReviewItemInput, reviewItemPageSchema, reviewItemSchema } from './schemas.ts';

const tags = ['Review queue'];

export const reviewQueueRouter = router({
  list: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/review-queue',
        tags,
        summary: 'What the AI was unsure about, with the item itself',
        protect: true,
        errorResponses: [400, 401],
      },
    })
    .input(listReviewItemsInput)
    .output(reviewItemPageSchema)
    .query(({ ctx, input }) => ctx.services.reviewQueue.list(ctx.actor, input)),

  resolve: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/review-queue/{id}/resolve',
        tags,
        summary: 'Decide: the decision is applied to the item and the review item closed, together',
        protect: true,
        errorResponses: [400, 401, 404, 409, 422],
      },
    })
    .input(resolveReviewItemInput)
    .output(reviewItemSchema)
    .mutation(({ ctx, input }) => ctx.services.reviewQueue.resolve(ctx.actor, input)),
});
