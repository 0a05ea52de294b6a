import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildOpenApiDocument, REST_PREFIX, toYaml } from './openapi.ts';

type Schema = { additionalProperties?: boolean; properties?: Record<string, { pattern?: string; description?: string }> };
type Operation = {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  parameters?: { name: string; schema: { pattern?: string } }[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
  );

  it('sits under the REST prefix and declares bearer auth', () => {
    expect(doc.servers).toEqual([{ url: REST_PREFIX }]);
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes every error with the one error body, and bodies that can be refused', () => {
    for (const { id, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect(
        errors.map(([s]) => s),
        id,
      ).toContain('500');
      for (const [status, response] of errors) {
        expect(response.content?.['application/json']?.schema, `${id} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
      if (op.requestBody) expect(Object.keys(op.responses), id).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('offers the Idempotency-Key header on every authenticated POST and PATCH, and on nothing else', () => {
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(doc.components?.parameters?.IdempotencyKey).toMatchObject({ in: 'header', name: 'Idempotency-Key', required: false });
    for (const { id, op } of operations) {
      const offered = ((op as { parameters?: unknown[] }).parameters ?? []).some((p) => JSON.stringify(p) === JSON.stringify(ref));
      expect(offered, id).toBe(/^(POST|PATCH) /.test(id) && Boolean(op.security?.length));
    }
    expect(
      operations.filter(({ id }) =>
        ['POST /properties', 'POST /files/upload', 'POST /vocals/upload', 'POST /users', 'POST /messages'].includes(id),
      ),
    ).toHaveLength(5);
  });

  it('marks exactly the login-free operations as public', () => {
    const open = operations.filter(({ op }) => op.security?.length === 0).map(({ id }) => id);
    expect(open.sort()).toEqual(
      [
        'POST /auth/forgot-password',
        'POST /auth/login',
        'POST /auth/logout',
        'POST /auth/refresh',
        'POST /auth/register',
        'POST /auth/reset-password',
        // Meta calls these: the handshake token and the payload signature authenticate it.
        'GET /integrations/whatsapp/webhook',
        'POST /integrations/whatsapp/webhook',
      ].sort(),
    );
  });

  it('documents 201 for exactly the creations', () => {
    const created = operations.filter(({ op }) => op.responses['201']).map(({ id }) => id);
    expect(created.sort()).toEqual(
      [
        'POST /files/upload',
        'POST /messages',
        'POST /properties',
        'POST /properties/{id}/participants',
        'POST /properties/{id}/prospects',
        'POST /users',
        'POST /vocals/upload',
      ].sort(),
    );
    for (const { id, op } of operations) if (op.responses['201']) expect(op.responses['200'], id).toBeUndefined();
  });

  it('refuses unknown fields in every PATCH body', () => {
    for (const { id, op } of operations.filter(({ id }) => id.startsWith('PATCH '))) {
      expect(op.requestBody?.content['application/json']?.schema.additionalProperties, id).toBe(false);
    }
  });

  it('takes date-times with an offset and says they are answered in UTC', () => {
    const receivedAt = operations.find(({ id }) => id === 'POST /messages')!.op.requestBody!.content['application/json']!.schema.properties!
      .receivedAt!;
    const from = operations.find(({ id }) => id === 'GET /calendar-events')!.op.parameters!.find((p) => p.name === 'from')!.schema;
    for (const pattern of [receivedAt.pattern, from.pattern]) {
      expect(new RegExp(pattern!).test('2025-04-15T08:47:12+02:00')).toBe(true);
      expect(new RegExp(pattern!).test('2025-04-15T08:47:12')).toBe(false);
    }
    expect(receivedAt.description).toContain('answered in UTC');
  });

  it('reads back the same from YAML', () => {
    expect(parse(toYaml(doc))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
