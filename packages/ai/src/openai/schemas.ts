import {
  DETECTABLE_VOCAL_TYPES,
  DPE_CLASSES,
  INTEREST_LEVELS,
  TYPE_DOCUMENTS,
  initialVisitFieldsSchema,
} from '@monimmo/contract/vocabulary';
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
  candidates: z
    .array(z.object({ typeDocument: z.enum(TYPE_DOCUMENTS), confidence }))
    .describe('Types plausibles, du plus au moins probable'),
  reasoning: z.string().describe('Explication en français pour un agent'),
});

/**
 * The voice-note answers take any number as a confidence and clamp it: a model that says 1.2
 * means "sure", not "unusable". The JSON schema still tells it the range.
 */
const rawConfidence = z.number().meta({ description: 'Confiance entre 0 et 1', minimum: 0, maximum: 1 });
const vocalType = z.enum(DETECTABLE_VOCAL_TYPES);

export const vocalTypeAnswerSchema = z.object({
  vocalType: vocalType.nullable().describe('Type du vocal, ou null si rien ne permet de conclure'),
  confidence: rawConfidence,
  candidates: z.array(z.object({ vocalType, confidence: rawConfidence })).describe('Types plausibles, du plus au moins probable'),
  reasoning: z.string().describe('Explication en français pour un agent, citant les indices relevés'),
});

const energyClass = z.enum(DPE_CLASSES).nullable();

/**
 * The fields of `initialVisitFieldsSchema`, each nullable rather than optional (strict structured
 * output wants every property present), described in French for the model. The answer is checked
 * against the contract's schema afterwards, integers included.
 */
export const initialVisitAnswerFieldsSchema = z.object({
  propertyType: initialVisitFieldsSchema.shape.propertyType.unwrap().nullable().describe('Type de bien'),
  address: z.string().nullable().describe('Numéro et voie seulement, par exemple « 12 rue des Lices »'),
  postalCode: z.string().nullable().describe('Code postal à cinq chiffres'),
  city: z.string().nullable().describe('Ville'),
  price: z
    .number()
    .nullable()
    .describe('Prix de mise en vente souhaité ou estimé, en euros (jamais le budget d’un acquéreur ni les frais de notaire)'),
  surface: z.number().nullable().describe('Surface habitable, en m²'),
  landSurface: z.number().nullable().describe('Surface du terrain, en m²'),
  rooms: z.number().nullable().describe('Nombre de pièces (T3 = 3, studio = 1)'),
  bedrooms: z.number().nullable().describe('Nombre de chambres'),
  bathrooms: z.number().nullable().describe('Nombre de salles de bains et salles d’eau'),
  floor: z.number().nullable().describe('Étage, 0 pour le rez-de-chaussée'),
  elevator: z.boolean().nullable().describe('Ascenseur'),
  parking: z.boolean().nullable().describe('Parking, garage ou box'),
  dpeClass: energyClass.describe('Classe énergie du DPE'),
  gesClass: energyClass.describe('Classe GES (gaz à effet de serre)'),
  yearBuilt: z.number().nullable().describe('Année de construction, seulement si une année est dite'),
});

const initialVisitField = z.enum(
  Object.keys(initialVisitFieldsSchema.shape) as [
    keyof typeof initialVisitFieldsSchema.shape,
    ...(keyof typeof initialVisitFieldsSchema.shape)[],
  ],
);

export const initialVisitAnswerSchema = z.object({
  fields: initialVisitAnswerFieldsSchema,
  evidence: z
    .array(z.object({ field: initialVisitField, text: z.string() }))
    .describe('Pour chaque champ rempli, les mots de la transcription dont il vient'),
  confidence: rawConfidence,
  reasoning: z.string().describe('Explication en français pour un agent'),
});

export const insightsAnswerSchema = z.object({
  summary: z.string().describe('Deux à quatre phrases en français, à lire au lieu d’écouter le vocal'),
  insights: z.object({
    highlights: z.array(z.string()).describe('Ce qui a plu, les points forts'),
    objections: z.array(z.string()).describe('Réserves, objections, points faibles'),
    budget: z.number().nullable().describe('Budget de l’acquéreur, en euros'),
    interestLevel: z.enum(INTEREST_LEVELS).nullable().describe('Intérêt de l’acquéreur'),
    changes: z.array(z.string()).describe('Visite de suivi : ce qui a changé depuis la dernière visite'),
    newPrice: z.number().nullable().describe('Nouveau prix de vente convenu ou évoqué, en euros'),
    worksNeeded: z.array(z.string()).describe('Travaux à prévoir'),
    people: z.array(z.string()).describe('Personnes nommées'),
    nextSteps: z.array(z.string()).describe('Prochaines étapes'),
  }),
  confidence: rawConfidence,
  reasoning: z.string().describe('Explication en français pour un agent'),
});

/** The verbose_json answer of a transcription endpoint (Whisper and compatible servers). */
export const transcriptionAnswerSchema = z.object({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  segments: z.array(z.object({ start: z.number(), end: z.number(), avg_logprob: z.number(), no_speech_prob: z.number() })).nullish(),
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
