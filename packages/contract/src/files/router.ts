import { queuedJobSchema } from '../common/schemas.ts';
import { router, staffProcedure } from '../trpc.ts';
import { downloadUrlSchema, fileIdInput, filePageSchema, fileSchema, listFilesInput, updateFileInput, uploadFileInput } from './schemas.ts';

const tags = ['Files'];

export const filesRouter = router({
  list: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/files',
        tags,
        summary: 'List documents: filters, ranked search on the name, pages',
        protect: true,
        errorResponses: [400, 401],
      },
    })
    .input(listFilesInput)
    .output(filePageSchema)
    .query(({ ctx, input }) => ctx.services.files.list(ctx.actor, input)),

  upload: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/files/upload',
        tags,
        summary: 'Upload a document (JSON with base64 bytes, multipart/form-data, or the raw bytes)',
        description:
          'Three forms on one path. `application/json`: the compatibility form below, up to MAX_BASE64_UPLOAD_BYTES decoded. ' +
          '`multipart/form-data`: a `file` part (fields `propertyId`, `typeDocument` before it). Any other Content-Type: the raw bytes, ' +
          'with `fileName`, `propertyId` and `typeDocument` in the query string. The two streaming forms go straight to storage, up to ' +
          'MAX_UPLOAD_BYTES. The type is sniffed from the bytes: a declared type that contradicts them answers 415.',
        protect: true,
        errorResponses: [400, 401, 404, 413, 415],
      },
      successStatus: 201,
    })
    .input(uploadFileInput)
    .output(fileSchema)
    .mutation(({ ctx, input }) => ctx.services.files.uploadBase64(ctx.actor, input)),

  get: staffProcedure
    .meta({ openapi: { method: 'GET', path: '/files/{id}', tags, summary: 'A document', protect: true, errorResponses: [400, 401, 404] } })
    .input(fileIdInput)
    .output(fileSchema)
    .query(({ ctx, input }) => ctx.services.files.get(ctx.actor, input.id)),

  update: staffProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/files/{id}',
        tags,
        summary: 'Attach to a property, set the type or the status',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(updateFileInput)
    .output(fileSchema)
    .mutation(({ ctx, input }) => ctx.services.files.update(ctx.actor, input)),

  downloadUrl: staffProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/files/{id}/download-url',
        tags,
        summary: 'A short-lived signed URL to download the document',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(fileIdInput)
    .output(downloadUrlSchema)
    .query(({ ctx, input }) => ctx.services.files.downloadUrl(ctx.actor, input.id)),

  runAi: staffProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/files/{id}/run-ai',
        tags,
        summary: 'Classify the document again: set its type or send it to review',
        protect: true,
        errorResponses: [400, 401, 404],
      },
    })
    .input(fileIdInput)
    .output(queuedJobSchema)
    .mutation(({ ctx, input }) => ctx.services.files.runAi(ctx.actor, input.id)),
});
