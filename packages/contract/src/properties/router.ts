import { okSchema } from '../common/schemas.ts';
import { router, staffProcedure } from '../trpc.ts';
import {
  addParticipantInput,
  addProspectInput,
  changeStatusInput,
  createPropertyInput,
  createdPropertySchema,
  createdProspectSchema,
  listPropertiesInput,
  listProspectsInput,
  participantSchema,
  pipelineSchema,
  propertyDetailSchema,
  propertyIdInput,
  propertyPageSchema,
  prospectPageSchema,
  removeParticipantInput,
  updateParticipantInput,
  updatePropertyInput,
} from './schemas.ts';
import { z } from 'zod';

const tags = ['Properties'];
const meta = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: `/${string}`, summary: string, errorResponses: number[]) => ({
  openapi: { method, path, tags, summary, protect: true, errorResponses },
});

export const propertiesRouter = router({
  list: staffProcedure
    .meta(meta('GET', '/properties', 'List properties: filters, ranked full-text search, pages', [400, 401]))
    .input(listPropertiesInput)
    .output(propertyPageSchema)
    .query(({ ctx, input }) => ctx.services.properties.list(ctx.actor, input)),

  // Declared before `get` so REST matches /properties/pipeline before /properties/{id}.
  pipeline: staffProcedure
    .meta(meta('GET', '/properties/pipeline', 'Count of properties in each pipeline column (kanban)', [401]))
    .input(z.void())
    .output(pipelineSchema)
    .query(({ ctx }) => ctx.services.properties.pipeline(ctx.actor)),

  create: staffProcedure
    .meta({
      ...meta('POST', '/properties', 'Create a property with its owner (existing contact or new one)', [400, 401, 404, 409]),
      successStatus: 201,
    })
    .input(createPropertyInput)
    .output(createdPropertySchema)
    .mutation(({ ctx, input }) => ctx.services.properties.create(ctx.actor, input)),

  get: staffProcedure
    .meta(meta('GET', '/properties/{id}', 'A property with participants, prospects, timeline and document counts', [400, 401, 404]))
    .input(propertyIdInput)
    .output(propertyDetailSchema)
    .query(({ ctx, input }) => ctx.services.properties.get(ctx.actor, input.id)),

  update: staffProcedure
    .meta(meta('PATCH', '/properties/{id}', 'Update a property', [400, 401, 404, 409]))
    .input(updatePropertyInput)
    .output(propertyDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.properties.update(ctx.actor, input)),

  changeStatus: staffProcedure
    .meta(meta('PATCH', '/properties/{id}/status', 'Move a property to a pipeline column (recorded in its timeline)', [400, 401, 404]))
    .input(changeStatusInput)
    .output(propertyDetailSchema)
    .mutation(({ ctx, input }) => ctx.services.properties.changeStatus(ctx.actor, input.id, input.status)),

  addParticipant: staffProcedure
    .meta({
      ...meta('POST', '/properties/{id}/participants', 'Link a contact to the property with a role', [400, 401, 404, 409]),
      successStatus: 201,
    })
    .input(addParticipantInput)
    .output(participantSchema)
    .mutation(({ ctx, input }) => ctx.services.properties.addParticipant(ctx.actor, input)),

  updateParticipant: staffProcedure
    .meta(meta('PATCH', '/properties/{id}/participants/{participantId}', "Change a participant's role", [400, 401, 404, 422]))
    .input(updateParticipantInput)
    .output(participantSchema)
    .mutation(({ ctx, input }) => ctx.services.properties.updateParticipant(ctx.actor, input)),

  removeParticipant: staffProcedure
    .meta(
      meta('DELETE', '/properties/{id}/participants/{participantId}', 'Unlink a participant (the last owner stays)', [400, 401, 404, 422]),
    )
    .input(removeParticipantInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.properties.removeParticipant(ctx.actor, input);
      return { ok: true as const };
    }),

  listProspects: staffProcedure
    .meta(meta('GET', '/properties/{id}/prospects', 'Buyers interested in the property, newest first', [400, 401, 404]))
    .input(listProspectsInput)
    .output(prospectPageSchema)
    .query(({ ctx, input }) => ctx.services.properties.listProspects(ctx.actor, input)),

  addProspect: staffProcedure
    .meta({
      ...meta('POST', '/properties/{id}/prospects', 'Add an interested buyer (existing contact or new client)', [400, 401, 404, 409]),
      successStatus: 201,
    })
    .input(addProspectInput)
    .output(createdProspectSchema)
    .mutation(({ ctx, input }) => ctx.services.properties.addProspect(ctx.actor, input)),
});
