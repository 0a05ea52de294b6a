import { queuedJobSchema } from '../common/schemas.ts';
import { router, staffProcedure } from '../trpc.ts';
import { listVocalsInput, updateVocalInput, uploadVocalInput, vocalIdInput, vocalPageSchema, vocalSchema } from './schemas.ts';

const tags = ['Vocals'];

export const vocalsRouter = router({
  list: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/vocals',
        tags,
        summary: 'List voice notes: by status, type or property, newest first',
        protect: true,
        errorResponses: [400, 401],
      },
    })
    .input(listVocalsInput)
    .output(vocalPageSchema)
    .query(({ ctx, input }) => ctx.services.vocals.list(ctx.actor, input)),

  upload: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/vocals/upload',
        tags,
        summary: 'Upload a voice note (JSON with base64 bytes, multipart/form-data, or the raw bytes); transcription is queued',
        description:
          'Three forms on one path. `application/json`: the compatibility form below, up to MAX_BASE64_UPLOAD_BYTES decoded. ' +
          '`multipart/form-data`: a `file` part (field `propertyId` before it). Any other Content-Type (e.g. `audio/mp4`): the raw bytes, ' +
          'with `fileName` and `propertyId` in the query string. The two streaming forms go straight to storage, up to MAX_UPLOAD_BYTES, ' +
          'so a long recording is never held in memory. Accepted audio, sniffed from the bytes: m4a/mp4, mp3, ogg/opus, wav, webm; a declared ' +
          'type that contradicts the bytes answers 415. The answer comes at once, with status UPLOADED; transcription runs in a job.',
        protect: true,
        errorResponses: [400, 401, 404, 413, 415],
      },
      successStatus: 201,
    })
    .input(uploadVocalInput)
    .output(vocalSchema)
    .mutation(({ ctx, input }) => ctx.services.vocals.uploadBase64(ctx.actor, input)),

  get: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/vocals/{id}',
        tags,
        summary: 'A voice note with its transcript, summary, insights and a signed audio URL',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(vocalIdInput)
    .output(vocalSchema)
    .query(({ ctx, input }) => ctx.services.vocals.get(ctx.actor, input.id)),

  update: staffProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/vocals/{id}',
        tags,
        summary: 'Choose the property or the type, correct the transcript or the summary',
        description:
          'A corrected transcript runs again the steps that depend on it: matching (unless a person chose the property), type detection (unless a person chose the type), extraction and insights.',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(updateVocalInput)
    .output(vocalSchema)
    .mutation(({ ctx, input }) => ctx.services.vocals.update(ctx.actor, input)),

  transcribe: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/vocals/{id}/transcribe',
        tags,
        summary: 'Transcribe again from the audio, then run the rest of the pipeline',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(vocalIdInput)
    .output(queuedJobSchema)
    .mutation(({ ctx, input }) => ctx.services.vocals.transcribe(ctx.actor, input.id)),

  extractInsights: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/vocals/{id}/extract-insights',
        tags,
        summary: 'Extract the insights again from the current transcript and type',
        protect: true,
        errorResponses: [400, 401, 404, 422],
      },
    })
    .input(vocalIdInput)
    .output(queuedJobSchema)
    .mutation(({ ctx, input }) => ctx.services.vocals.extractInsights(ctx.actor, input.id)),
});
