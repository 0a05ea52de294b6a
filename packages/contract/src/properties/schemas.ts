import { z } from 'zod';
import {
  emailSchema,
  idSchema,
  nameSchema,
  pageInput,
  pageOf,
  patchInput,
  phoneSchema,
  postalCodeSchema,
  timestampSchema,
} from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { DOCUMENT_FAMILY_NAMES, type DocumentFamily } from '../vocabulary/document-types.ts';
import { ACCOUNT_TYPES, PARTICIPANT_ROLES, PROPERTY_EVENT_TYPES, PROPERTY_STATUSES, type PropertyStatus } from '../vocabulary/values.ts';

export const propertyStatusSchema = z.enum(PROPERTY_STATUSES).describe('Pipeline column');
export const participantRoleSchema = z.enum(PARTICIPANT_ROLES);

const priceSchema = z.number().int().min(0).max(1_000_000_000).describe('Price in whole euros').meta({ example: 385000 });
const detailsSchema = z
  .record(z.string().max(60), z.unknown())
  .refine((d) => JSON.stringify(d).length <= 20_000, 'must stay under 20 000 characters of JSON')
  .describe('Free facts: surface, rooms, bedrooms, floor, dpeClass…')
  .meta({ example: { surface: 72, rooms: 3, bedrooms: 2, floor: 2, dpeClass: 'D' } });

/** A contact as shown on a property: enough to recognise and reach them. */
export const contactRefSchema = z
  .object({
    id: idSchema,
    accountType: z.enum(ACCOUNT_TYPES),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: 'ContactRef' });

export const propertySchema = z
  .object({
    id: idSchema,
    title: z.string(),
    address: z.string(),
    postalCode: z.string(),
    city: z.string(),
    price: z.number().int().nullable(),
    mandateNumber: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    status: propertyStatusSchema,
    owners: z.array(contactRefSchema).describe('Participants with role VENDEUR'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Property' });

export const participantSchema = z
  .object({ id: idSchema, role: participantRoleSchema, contact: contactRefSchema, createdAt: timestampSchema })
  .meta({ id: 'Participant' });

export const prospectSchema = z
  .object({ id: idSchema, contact: contactRefSchema, note: z.string().nullable(), createdAt: timestampSchema })
  .meta({ id: 'Prospect' });

export const timelineEventSchema = z
  .object({
    id: idSchema,
    type: z.enum(PROPERTY_EVENT_TYPES),
    fromStatus: propertyStatusSchema.nullable(),
    toStatus: propertyStatusSchema.nullable(),
    actor: z.object({ id: idSchema, firstName: z.string(), lastName: z.string() }).nullable().describe('Who did it'),
    createdAt: timestampSchema,
  })
  .meta({ id: 'TimelineEvent' });

export const propertyDetailSchema = propertySchema
  .extend({
    participants: z.array(participantSchema),
    prospectCount: z.number().int(),
    recentProspects: z.array(prospectSchema).describe('The 10 newest; page through GET /properties/{id}/prospects'),
    timeline: z.array(timelineEventSchema).describe('Oldest first'),
    documentCounts: z
      .object(Object.fromEntries(DOCUMENT_FAMILY_NAMES.map((f) => [f, z.number().int()])) as Record<DocumentFamily, z.ZodNumber>)
      .describe('Documents by family'),
    unclassifiedDocuments: z.number().int().describe('Documents without a type yet'),
  })
  .meta({ id: 'PropertyDetail' });

/** A new contact created inline (owner, prospect): a CLIENT with an e-mail or a phone. */
export const newContactSchema = z
  .object({
    firstName: nameSchema,
    lastName: nameSchema,
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    address: z.string().trim().min(1).max(300).optional(),
    postalCode: postalCodeSchema.optional(),
    city: z.string().trim().min(1).max(100).optional(),
  })
  .refine((c) => c.email || c.phone, { message: 'a contact needs an e-mail or a phone', path: ['email'] })
  .meta({ id: 'NewContact' });

/** The fields of a contact given inline that can fill, or differ from, an existing contact's. */
export const CONTACT_FIELDS = ['firstName', 'lastName', 'phone', 'address', 'postalCode', 'city'] as const;

export const contactResolutionSchema = z
  .object({
    contactId: idSchema,
    outcome: z
      .enum(['CREATED', 'LINKED_EXISTING'])
      .describe(
        'CREATED: a new client. LINKED_EXISTING: the e-mail (case-insensitive) is a contact of the agency already, which is linked instead',
      ),
    filledFields: z.array(z.enum(CONTACT_FIELDS)).describe('Empty fields of the existing contact filled from the request'),
    ignoredFields: z
      .array(z.enum(CONTACT_FIELDS))
      .describe("Fields given that differ from the existing contact's and were not applied: change them with PATCH /users/{id}"),
  })
  .describe('What became of the contact given inline: matched on its e-mail within the agency, never on its phone')
  .meta({ id: 'ContactResolution' });

export const createdPropertySchema = propertyDetailSchema
  .extend({ ownerResolution: contactResolutionSchema.nullable().describe('For an owner given inline; null for ownerUserId') })
  .meta({ id: 'CreatedProperty' });

export const createdProspectSchema = prospectSchema
  .extend({ contactResolution: contactResolutionSchema.nullable().describe('For a contact given inline; null for userId') })
  .meta({ id: 'CreatedProspect' });

export const listPropertiesInput = z.object({
  status: propertyStatusSchema.optional(),
  city: z.string().trim().min(1).max(100).describe('Exact city, case-insensitive').optional(),
  postalCode: z
    .string()
    .trim()
    .regex(/^[0-9]{2,5}$/, 'must be 2 to 5 digits')
    .describe('Postal code or its start (13 = Bouches-du-Rhône)')
    .optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("Words in title, address, city, postal code or owner's name; accents and case ignored; ranked")
    .optional(),
  ...pageInput,
});

export const createPropertyInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(300),
    postalCode: postalCodeSchema,
    city: z.string().trim().min(1).max(100),
    price: priceSchema.optional(),
    mandateNumber: z.string().trim().min(1).max(50).optional(),
    details: detailsSchema.optional(),
    ownerUserId: idSchema.describe('An existing contact as owner…').optional(),
    owner: newContactSchema
      .describe(
        '…or one given inline: created as a CLIENT, or, when its e-mail is a contact of the agency already, that contact (see ownerResolution)',
      )
      .optional(),
  })
  .refine((v) => (v.ownerUserId ? 1 : 0) + (v.owner ? 1 : 0) === 1, {
    message: 'give exactly one of ownerUserId and owner',
    path: ['ownerUserId'],
  });

export const propertyIdInput = z.object({ id: idSchema });

// The status has its own operation (it writes the timeline): PATCH /properties/{id}/status.
export const updatePropertyInput = patchInput(
  { id: idSchema },
  {
    title: z.string().trim().min(1).max(200).optional(),
    address: z.string().trim().min(1).max(300).optional(),
    postalCode: postalCodeSchema.optional(),
    city: z.string().trim().min(1).max(100).optional(),
    price: priceSchema.nullable().optional(),
    mandateNumber: z.string().trim().min(1).max(50).nullable().optional(),
    details: detailsSchema.describe('Replaces the whole object').optional(),
  },
);

export const changeStatusInput = z.strictObject({ id: idSchema, status: propertyStatusSchema });

export const addParticipantInput = z.object({
  id: idSchema,
  userId: idSchema.describe('A contact (CLIENT or NOTAIRE)'),
  role: participantRoleSchema,
});
export const updateParticipantInput = z.strictObject({ id: idSchema, participantId: idSchema, role: participantRoleSchema });
export const removeParticipantInput = z.object({ id: idSchema, participantId: idSchema });

export const listProspectsInput = z.object({ id: idSchema, ...pageInput });
export const addProspectInput = z
  .object({
    id: idSchema,
    userId: idSchema.describe('An existing contact…').optional(),
    contact: newContactSchema
      .describe('…or one given inline: a new client, or the contact of the agency with that e-mail (see contactResolution)')
      .optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((v) => (v.userId ? 1 : 0) + (v.contact ? 1 : 0) === 1, { message: 'give exactly one of userId and contact', path: ['userId'] });

export const pipelineSchema = z
  .object({
    columns: z.array(z.object({ status: propertyStatusSchema, count: z.number().int() })).describe('Every column, in pipeline order'),
    total: z.number().int(),
  })
  .meta({ id: 'Pipeline' });

export const propertyPageSchema = pageOf(propertySchema);
export const prospectPageSchema = pageOf(prospectSchema);

export type Property = z.infer<typeof propertySchema>;
export type PropertyDetail = z.infer<typeof propertyDetailSchema>;
export type ContactRef = z.infer<typeof contactRefSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type Prospect = z.infer<typeof prospectSchema>;
export type NewContact = z.infer<typeof newContactSchema>;
export type ContactResolution = z.infer<typeof contactResolutionSchema>;
export type CreatedProperty = z.infer<typeof createdPropertySchema>;
export type CreatedProspect = z.infer<typeof createdProspectSchema>;
export type ListPropertiesInput = z.infer<typeof listPropertiesInput>;
export type CreatePropertyInput = z.infer<typeof createPropertyInput>;
export type UpdatePropertyInput = z.infer<typeof updatePropertyInput>;
export type AddProspectInput = z.infer<typeof addProspectInput>;
export type Pipeline = z.infer<typeof pipelineSchema>;
export type DocumentCounts = Record<DocumentFamily, number>;

export interface PropertiesService {
  list(actor: Actor, input: ListPropertiesInput): Promise<{ items: Property[]; nextCursor: string | null }>;
  pipeline(actor: Actor): Promise<Pipeline>;
  create(actor: Actor, input: CreatePropertyInput): Promise<CreatedProperty>;
  get(actor: Actor, id: string): Promise<PropertyDetail>;
  update(actor: Actor, input: UpdatePropertyInput): Promise<PropertyDetail>;
  changeStatus(actor: Actor, id: string, status: PropertyStatus): Promise<PropertyDetail>;
  addParticipant(actor: Actor, input: z.infer<typeof addParticipantInput>): Promise<Participant>;
  updateParticipant(actor: Actor, input: z.infer<typeof updateParticipantInput>): Promise<Participant>;
  removeParticipant(actor: Actor, input: z.infer<typeof removeParticipantInput>): Promise<void>;
  listProspects(actor: Actor, input: z.infer<typeof listProspectsInput>): Promise<{ items: Prospect[]; nextCursor: string | null }>;
  addProspect(actor: Actor, input: AddProspectInput): Promise<CreatedProspect>;
}
