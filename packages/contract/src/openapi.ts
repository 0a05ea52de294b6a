import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { stringify } from 'yaml';
import { errorBodySchema } from './common/schemas.ts';
import { appRouter } from './router.ts';

export const REST_PREFIX = '/api/v1';
export const API_VERSION = '0.1.0';

type Operation = { responses?: Record<string, ResponseObject>; requestBody?: unknown; security?: unknown[] };
type ResponseObject = { description?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };

const errorRef = { $ref: '#/components/schemas/Error' };
/** What each error status means here, with a realistic body for the reference page. */
const ERRORS: Record<string, [description: string, example: Record<string, unknown>]> = {
  '400': ['Invalid input: `details.issues` lists each field problem', { code: 'BAD_REQUEST', message: 'Invalid input', details: { issues: [{ path: 'email', code: 'invalid_format', message: 'Invalid email address' }] } }],
  '401': ['Missing, invalid or expired credentials', { code: 'UNAUTHORIZED', message: 'Access token expired', details: { reason: 'TOKEN_EXPIRED' } }],
  '403': ['Your role does not allow this', { code: 'FORBIDDEN', message: 'Only a manager or an administrator can manage staff accounts' }],
  '404': ['Not found (or belongs to another agency)', { code: 'NOT_FOUND', message: 'User not found' }],
  '409': ['Conflicts with existing data', { code: 'CONFLICT', message: 'Another user already has this e-mail', details: { reason: 'EMAIL_TAKEN' } }],
  '413': ['Request body too large', { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1048576 bytes', details: { limitBytes: 1048576 } }],
  '415': ['Body is not JSON', { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' }],
  '422': ['Not allowed in the current state', { code: 'INVALID_STATE', message: 'The agency must keep at least one active administrator', details: { reason: 'LAST_ADMIN' } }],
  '429': ['Too many attempts: retry after `Retry-After` seconds', { code: 'RATE_LIMITED', message: 'Too many login attempts, try again later', details: { retryAfterSeconds: 840 } }],
  '500': ['Unexpected error: `details.requestId` identifies it in the logs', { code: 'INTERNAL_ERROR', message: 'Internal server error', details: { requestId: '5f0c6a1e-2b7d-4c39-9a51-0d8e7f6b3a24' } }],
};

/**
 * The REST description of the contract. Error responses are rewritten to the one body the
 * host sends (`{ code, message, details? }`), which trpc-to-openapi cannot describe itself.
 */
export function buildOpenApiDocument(): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Monimmo API',
    version: API_VERSION,
    description:
      'The API of Monimmo, the assistant of French real-estate agencies. Every operation is scoped to ' +
      "the caller's agency: another agency's ids answer 404. Errors are `{ code, message, details? }`. " +
      'Lists take `limit` (1–100) and an opaque `cursor` and answer `{ items, nextCursor }`.',
    baseUrl: REST_PREFIX,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    tags: ['Auth', 'Users', 'Properties', 'Files', 'Messages', 'Vocals', 'Review queue', 'Integrations', 'Calendar'],
    defs: { Error: errorBodySchema },
  });
  const schemas = doc.components?.schemas ?? {};
  // trpc-to-openapi's own error shapes: replaced below by Error, so drop them.
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  doc.tags = [
    { name: 'Auth', description: 'Registration, login, token refresh, password reset' },
    { name: 'Users', description: "The agency's staff and contacts (owners, buyers, notaries)" },
    { name: 'Properties', description: 'Properties (biens) through the sales pipeline, with their participants, prospects and timeline' },
    { name: 'Files', description: 'Documents: uploads, types, signed downloads' },
    { name: 'Messages', description: 'The inbox: e-mails and WhatsApp messages, attached to properties' },
    { name: 'Vocals', description: 'Voice notes dictated after visits: transcription, type, property facts, insights' },
    { name: 'Review queue', description: 'The « boîte de traitement »: what the AI left for a person to decide' },
    { name: 'Integrations', description: 'Gmail, Google Calendar and WhatsApp: connect, sync, disconnect' },
    { name: 'Calendar', description: 'Appointments imported from Google Calendar' },
  ];
  doc.info.license = { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' };

  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(pathItem as Record<string, Operation>)) {
      const responses = (op.responses ??= {});
      const extra = ['500', ...(op.requestBody ? ['413', '415'] : [])];
      for (const status of extra) responses[status] ??= {};
      for (const status of Object.keys(responses)) {
        if (Number(status) < 400) continue;
        const [description, example] = ERRORS[status] ?? ['Error', undefined];
        responses[status] = {
          description,
          ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
          content: { 'application/json': { schema: errorRef, ...(example ? { example } : {}) } },
        };
      }
      // Public operations say so explicitly, or linters read them as unsecured by mistake.
      if (!op.security) op.security = [];
    }
  }
  describeStreamingUpload(doc, '/files/upload');
  describeStreamingUpload(doc, '/vocals/upload');
  return doc;
}

/**
 * The upload paths also take multipart and raw bytes, handled by the host before the contract
 * (bytes never pass through the JSON layer): described here by hand.
 */
function describeStreamingUpload(doc: OpenAPIObject, path: '/files/upload' | '/vocals/upload') {
  const op = doc.paths?.[path]?.post as { requestBody?: { content?: Record<string, unknown> }; parameters?: unknown[] } | undefined;
  if (!op?.requestBody?.content) return;
  const isFile = path === '/files/upload';
  const typeDocument = { $ref: '#/components/schemas/TypeDocument' };
  op.requestBody.content['multipart/form-data'] = {
    schema: {
      type: 'object',
      properties: {
        propertyId: { type: 'string', format: 'uuid', description: 'Before the file part' },
        ...(isFile ? { typeDocument: { ...typeDocument, description: 'Before the file part' } } : {}),
        fileName: { type: 'string', description: "Overrides the file part's name" },
        file: { type: 'string', format: 'binary', description: `The ${isFile ? 'document' : 'recording'}; its Content-Type is checked against the bytes` },
      },
      required: ['file'],
    },
  };
  op.requestBody.content[isFile ? 'application/octet-stream' : 'audio/*'] = {
    schema: { type: 'string', format: 'binary', description: 'The raw bytes; any Content-Type other than JSON is taken as the declared type' },
  };
  op.parameters = [
    ...(op.parameters ?? []),
    { in: 'query', name: 'fileName', schema: { type: 'string', maxLength: 255 }, description: 'Raw-body form only: the file name (required there)' },
    { in: 'query', name: 'propertyId', schema: { type: 'string', format: 'uuid' }, description: 'Raw-body form only' },
    ...(isFile ? [{ in: 'query', name: 'typeDocument', schema: typeDocument, description: 'Raw-body form only' }] : []),
  ];
}

export function toYaml(doc: OpenAPIObject): string {
  return stringify(doc, { aliasDuplicateObjects: false });
}
