import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { stringify } from 'yaml';
import { errorBodySchema } from './common/schemas.ts';
import { ERROR_CODES, type ErrorBody, type ErrorCode, type ErrorCodeDoc } from './errors.ts';
import { REST_OPERATIONS } from './rest-operations.ts';
import { appRouter } from './router.ts';

export const REST_PREFIX = '/api/v1';
export const API_VERSION = '0.1.0';

type Operation = { responses?: Record<string, ResponseObject>; requestBody?: unknown; security?: unknown[] };
type ResponseObject = { description?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };

const errorRef = { $ref: '#/components/schemas/Error' };
/** Each error status as the table of codes describes it. */
const ERRORS = new Map<string, ErrorCodeDoc>(Object.values(ERROR_CODES).map((entry) => [String(entry.status), entry]));

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
      "the caller's agency: another agency's ids answer 404. Errors are `{ code, message, details? }`; an invalid body or " +
      'parameter answers 400 with one entry per problem in `details.issues` (`path` names the field). JSON bodies are taken as ' +
      'typed (a number sent as a string is refused) and an unknown field in a PATCH body is refused; query and path parameters ' +
      'are read from their text. Date-times may carry an offset (`2025-04-15T08:47:12+02:00`) and are stored and answered in ' +
      'UTC (`Z`). Creations answer 201. A method a path does not take answers 405 with `Allow`. ' +
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
      const extra = ['500', '503', ...(op.requestBody ? ['413', '415'] : [])];
      for (const status of extra) responses[status] ??= {};
      for (const status of Object.keys(responses)) {
        if (Number(status) < 400) continue;
        const { description, example, retryAfter } = ERRORS.get(status) ?? { description: 'Error' };
        const response = errorResponse(description, example);
        responses[status] = {
          description,
          ...(retryAfter ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
          content: response.content,
        };
      }
      // Public operations say so explicitly, or linters read them as unsecured by mistake.
      if (!op.security) op.security = [];
    }
  }
  markCreations(doc);
  describeStreamingUpload(doc, '/files/upload');
  describeStreamingUpload(doc, '/vocals/upload');
  describeWhatsAppWebhook(doc);
  describeIdempotencyKey(doc);
  return doc;
}

/**
 * The Idempotency-Key header, which the host honours on every authenticated POST and PATCH:
 * one reusable parameter, referenced by each of them, and the header that marks a replay.
 */
function describeIdempotencyKey(doc: OpenAPIObject) {
  const components = (doc.components ??= {}) as { parameters?: Record<string, unknown> };
  components.parameters = {
    ...components.parameters,
    IdempotencyKey: {
      in: 'header',
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 257, pattern: '^"?[\\x21-\\x7E]+"?$' },
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
      description:
        'Makes a retry safe (IETF draft "The Idempotency-Key HTTP Header Field"): a unique value per request, e.g. a UUID, quoted or not. ' +
        'The first request with a key runs and its 2xx answer is kept 24 h for the agency; the same key with the same request (operation, query, ' +
        'body; for a streamed upload its Content-Length instead of its bytes) answers that again with `Idempotent-Replayed: true`, running nothing. ' +
        'The same key with another request answers 422 `IDEMPOTENCY_KEY_REUSED`; while the first request still runs, 409 `IDEMPOTENCY_KEY_IN_USE` ' +
        'with `Retry-After`. A request that failed keeps nothing: retrying it with its key runs it again.',
    },
  };
  const replayed = {
    description: '`true` when this is the kept answer of an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  };
  for (const pathItem of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(pathItem as Record<string, Operation & { parameters?: unknown[] }>)) {
      if ((method !== 'post' && method !== 'patch') || !op.security?.length) continue;
      op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (status.startsWith('2')) response.headers = { ...response.headers, 'Idempotent-Replayed': replayed };
      }
    }
  }
}

/** trpc-to-openapi documents every success as 200: creations answer 201 (see `successStatus`). */
function markCreations(doc: OpenAPIObject) {
  for (const op of REST_OPERATIONS) {
    if (op.successStatus === 200) continue;
    const operation = (doc.paths?.[op.path] as Record<string, Operation> | undefined)?.[op.method.toLowerCase()];
    const responses = operation?.responses;
    if (!operation || !responses?.['200']) throw new Error(`No 200 response documented for ${op.method} ${op.path}`);
    const { ['200']: success, ...rest } = responses;
    operation.responses = { [String(op.successStatus)]: { ...success, description: 'Created' }, ...rest };
  }
}

/** An error response with its own description, in the one error body. */
const errorResponse = (description: string, example: ErrorBody | undefined): ResponseObject => ({
  description,
  content: { 'application/json': { schema: errorRef, ...(example ? { example } : {}) } },
});

/** A code's response as the table of codes describes it. */
const documentedError = (code: ErrorCode) => {
  const entry: ErrorCodeDoc = ERROR_CODES[code];
  return errorResponse(entry.description, entry.example);
};

/**
 * Meta's WhatsApp webhook: a host route (no bearer token, the raw bytes are signed), so the
 * contract cannot describe it. Meta calls GET once to verify the URL, then POSTs deliveries.
 */
function describeWhatsAppWebhook(doc: OpenAPIObject) {
  const tags = ['Integrations'];
  const internal = documentedError('INTERNAL_ERROR');
  const hub = (name: string, description: string, example: string) => ({
    in: 'query',
    name,
    required: true,
    schema: { type: 'string' },
    description,
    example,
  });
  const paths = (doc.paths ??= {}) as Record<string, unknown>;
  paths['/integrations/whatsapp/webhook'] = {
    get: {
      operationId: 'integrations-whatsappWebhookVerify',
      summary: 'WhatsApp webhook verification (called by Meta when you save the callback URL)',
      description:
        'No bearer token: Meta calls it. Answers `hub.challenge` as plain text when `hub.mode` is `subscribe` and `hub.verify_token` ' +
        'is the verify token of a connected WhatsApp integration; 403 otherwise.',
      tags,
      security: [],
      parameters: [
        hub('hub.mode', 'Always `subscribe`', 'subscribe'),
        hub('hub.verify_token', 'The verify token given when connecting WhatsApp', 'mon-jeton-de-verification'),
        hub('hub.challenge', 'Echoed back on success', '1158201444'),
      ],
      responses: {
        '200': { description: 'The challenge, echoed', content: { 'text/plain': { schema: { type: 'string' }, example: '1158201444' } } },
        '403': errorResponse('Wrong mode or verify token', {
          code: 'FORBIDDEN',
          message: 'Webhook verification failed: wrong hub.mode or hub.verify_token',
        }),
        '500': internal,
      },
    },
    post: {
      operationId: 'integrations-whatsappWebhookReceive',
      summary: 'WhatsApp webhook deliveries (called by Meta)',
      description:
        'No bearer token: `X-Hub-Signature-256` (HMAC-SHA256 of the exact body bytes with the app secret of the integration named by ' +
        '`metadata.phone_number_id`) authenticates the delivery; 401 and nothing stored otherwise. Inbound messages are imported in the ' +
        'background (a redelivery imports nothing twice) and the answer comes at once, as Meta retries anything but 2xx. Status updates are ignored.',
      tags,
      security: [],
      parameters: [
        {
          in: 'header',
          name: 'X-Hub-Signature-256',
          required: true,
          schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
          description: "`sha256=` and the body's HMAC-SHA256, hex",
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              description: "Meta's webhook envelope (WhatsApp Business Account); unknown fields are ignored",
              required: ['object', 'entry'],
              properties: {
                object: { type: 'string', enum: ['whatsapp_business_account'] },
                entry: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', description: 'The WhatsApp Business Account id' },
                      changes: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            field: { type: 'string', description: 'Only `messages` is read' },
                            value: {
                              type: 'object',
                              description:
                                '`metadata.phone_number_id`, `contacts`, `messages` (text, audio, image, document, video), `statuses`',
                              additionalProperties: true,
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            example: {
              object: 'whatsapp_business_account',
              entry: [
                {
                  id: '102290129340398',
                  changes: [
                    {
                      field: 'messages',
                      value: {
                        messaging_product: 'whatsapp',
                        metadata: { display_phone_number: '33491543210', phone_number_id: '106540352242922' },
                        contacts: [{ profile: { name: 'Luc Martin' }, wa_id: '33611111111' }],
                        messages: [
                          {
                            from: '33611111111',
                            id: 'wamid.HBgLMzM2MTExMTExMTEVAgASGBQzQUI0',
                            timestamp: '1767605400',
                            type: 'text',
                            text: { body: 'Bonjour, je peux passer signer le mandat jeudi ?' },
                          },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Accepted: how many inbound messages the delivery carried',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { received: { type: 'integer', minimum: 0 } }, required: ['received'] },
            },
          },
        },
        '400': errorResponse('The body is not JSON', {
          code: 'BAD_REQUEST',
          message: 'Request body is not valid JSON',
          details: { reason: 'MALFORMED_JSON' },
        }),
        '401': errorResponse('Signature missing or wrong, or no connected integration for this phone number id', {
          code: 'UNAUTHORIZED',
          message: 'Invalid webhook signature',
        }),
        '413': documentedError('PAYLOAD_TOO_LARGE'),
        '415': documentedError('UNSUPPORTED_MEDIA_TYPE'),
        '500': internal,
      },
    },
  };
}

/**
 * The upload paths also take multipart and raw bytes, handled by the host before the contract
 * (bytes never pass through the JSON layer): described here by hand.
 */
function describeStreamingUpload(doc: OpenAPIObject, path: '/files/upload' | '/vocals/upload') {
  const op = doc.paths?.[path]?.post as
    | { requestBody?: { content?: Record<string, unknown> }; parameters?: unknown[]; responses?: Record<string, ResponseObject> }
    | undefined;
  if (!op?.requestBody?.content) return;
  const isFile = path === '/files/upload';
  op.responses ??= {};
  op.responses['408'] = documentedError('REQUEST_TIMEOUT');
  if (!isFile) {
    op.responses['422'] = errorResponse('The recording cannot be read (truncated, damaged, or no audio track)', {
      code: 'INVALID_STATE',
      message: 'The recording is incomplete or damaged and cannot be read',
      details: { reason: 'AUDIO_UNREADABLE', problem: 'TRUNCATED' },
    });
  }
  const typeDocument = { $ref: '#/components/schemas/TypeDocument' };
  op.requestBody.content['multipart/form-data'] = {
    schema: {
      type: 'object',
      properties: {
        propertyId: { type: 'string', format: 'uuid', description: 'Before or after the file part' },
        ...(isFile ? { typeDocument: { ...typeDocument, description: 'Before or after the file part' } } : {}),
        fileName: { type: 'string', description: "Overrides the file part's name" },
        file: {
          type: 'string',
          format: 'binary',
          description: `The ${isFile ? 'document' : 'recording'}; its Content-Type is checked against the bytes`,
        },
      },
      required: ['file'],
    },
  };
  op.requestBody.content[isFile ? 'application/octet-stream' : 'audio/*'] = {
    schema: {
      type: 'string',
      format: 'binary',
      description: 'The raw bytes; any Content-Type other than JSON is taken as the declared type',
    },
  };
  op.parameters = [
    ...(op.parameters ?? []),
    {
      in: 'query',
      name: 'fileName',
      schema: { type: 'string', maxLength: 255 },
      description: 'Raw-body form only: the file name (required there)',
    },
    { in: 'query', name: 'propertyId', schema: { type: 'string', format: 'uuid' }, description: 'Raw-body form only' },
    ...(isFile ? [{ in: 'query', name: 'typeDocument', schema: typeDocument, description: 'Raw-body form only' }] : []),
  ];
}

export function toYaml(doc: OpenAPIObject): string {
  return stringify(doc, { aliasDuplicateObjects: false });
}
