import { TYPE_DOCUMENTS } from '@monimmo/contract';
import { z } from 'zod';

/**
 * What the chat model must answer, as Zod schemas: turned into the `response_format` JSON schema
 * of the request, then used to validate the answer (an OpenAI-compatible server may ignore the
 * schema). Properties are named by short references ("B1") rather than ids: fewer tokens, and a
 * reference the model invents is caught as unknown.
 */

const confidence = z.number().min(0).max(1).describe('Confiance entre 0 et 1');

export const propertyMatchAnswerSchema = z.object({
  propertyRef: z.string().nullable().describe('Référence (B1, B2…) du bien dont parle le message, ou null si aucun ou si ambigu'),
  confidence,
  ambiguous: z.boolean().describe('Vrai si plusieurs biens sont plausibles sans indice pour les départager'),
  candidates: z
    .array(
      z.object({
        propertyRef: z.string(),
        confidence,
        evidence: z.array(z.string()).describe('Indices relevés dans le message, en français'),
      }),
    )
    .describe('Biens plausibles, du plus au moins probable'),
  reasoning: z.string().describe('Explication en français pour un agent, sans référence technique'),
});

export const documentClassificationAnswerSchema = z.object({
  typeDocument: z.enum(TYPE_DOCUMENTS).nullable().describe('Type du document, ou null si rien ne permet de conclure'),
  confidence,
  candidates: z.array(z.object({ typeDocument: z.enum(TYPE_DOCUMENTS), confidence })).describe('Types plausibles, du plus au moins probable'),
  reasoning: z.string().describe('Explication en français pour un agent'),
});

export type PropertyMatchAnswer = z.infer<typeof propertyMatchAnswerSchema>;
export type DocumentClassificationAnswer = z.infer<typeof documentClassificationAnswerSchema>;

/** The `response_format` of a chat completion that must answer `schema` (OpenAI's strict structured output). */
export function responseFormat(name: string, schema: z.ZodType) {
  // `$schema` is noise to the API; strict mode wants every property required and no others,
  // which is what Zod emits for plain objects.
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { target: 'draft-7' });
  return { type: 'json_schema' as const, json_schema: { name, strict: true, schema: jsonSchema } };
}
