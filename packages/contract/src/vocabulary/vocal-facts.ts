import { z } from 'zod';
import { DETECTABLE_VOCAL_TYPES, DPE_CLASSES, INTEREST_LEVELS, PROPERTY_TYPES, VOCAL_STATUSES, VOCAL_TYPES } from './values.ts';

export const vocalTypeSchema = z.enum(VOCAL_TYPES);
export const detectableVocalTypeSchema = z.enum(DETECTABLE_VOCAL_TYPES);
export const vocalStatusSchema = z.enum(VOCAL_STATUSES);

/**
 * Property facts an initial visit can give. Column fields (address, postalCode, city, price) go
 * to the property's columns, the others to its `details`, under these same names.
 */
export const initialVisitFieldsSchema = z
  .object({
    propertyType: z.enum(PROPERTY_TYPES).optional(),
    address: z.string().describe('Street part, e.g. "12 rue des Lices"').optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    price: z.number().describe('Asking price, euros').optional(),
    surface: z.number().describe('Living area, m²').optional(),
    landSurface: z.number().describe('Land, m²').optional(),
    rooms: z.number().int().optional(),
    bedrooms: z.number().int().optional(),
    bathrooms: z.number().int().optional(),
    floor: z.number().int().describe('0 = ground floor').optional(),
    elevator: z.boolean().optional(),
    parking: z.boolean().optional(),
    dpeClass: z.enum(DPE_CLASSES).optional(),
    gesClass: z.enum(DPE_CLASSES).optional(),
    yearBuilt: z.number().int().optional(),
  })
  .meta({ id: 'InitialVisitFields' });
export type InitialVisitFields = z.infer<typeof initialVisitFieldsSchema>;

/** What a voice note taught; every list in French, as said or summed up. */
export const vocalInsightsSchema = z
  .object({
    highlights: z.array(z.string()).describe('What pleased, strong points'),
    objections: z.array(z.string()).describe('Reservations, objections, weak points'),
    budget: z.number().nullable().describe("The buyer's budget, euros"),
    interestLevel: z.enum(INTEREST_LEVELS).nullable().describe("The buyer's interest"),
    changes: z.array(z.string()).describe('Follow-up visit: what changed since the last one'),
    newPrice: z.number().nullable().describe('A new asking price agreed or mentioned, euros'),
    worksNeeded: z.array(z.string()),
    people: z.array(z.string()).describe('People named'),
    nextSteps: z.array(z.string()),
  })
  .meta({ id: 'VocalInsights' });
export type VocalInsights = z.infer<typeof vocalInsightsSchema>;
