import { z } from 'zod';
import {
  emailSchema,
  idSchema,
  nameSchema,
  pageInput,
  pageOf,
  passwordSchema,
  patchInput,
  phoneSchema,
  postalCodeSchema,
  timestampSchema,
} from '../common/schemas.ts';
import type { Actor } from '../actor.ts';
import { ACCOUNT_TYPES, STAFF_ROLES } from '../vocabulary/values.ts';
import { participantRoleSchema, propertyStatusSchema } from '../properties/schemas.ts';

export const accountTypeSchema = z.enum(ACCOUNT_TYPES).describe('AGENT: staff who log in; CLIENT, NOTAIRE: contacts');
export const staffRoleSchema = z.enum(STAFF_ROLES);

const addressFields = {
  address: z.string().trim().min(1).max(300).nullable().optional(),
  postalCode: postalCodeSchema.nullable().optional(),
  city: z.string().trim().min(1).max(100).nullable().optional(),
};

export const userSchema = z
  .object({
    id: idSchema,
    accountType: accountTypeSchema,
    role: staffRoleSchema.nullable().describe('Staff role; null for contacts'),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    active: z.boolean().describe('Inactive staff cannot log in'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'User' });

const propertyRefSchema = z
  .object({ id: idSchema, title: z.string(), city: z.string(), postalCode: z.string(), status: propertyStatusSchema })
  .meta({ id: 'PropertyRef' });

export const userDetailSchema = userSchema
  .extend({
    properties: z
      .array(z.object({ property: propertyRefSchema, role: participantRoleSchema, linkedAt: timestampSchema }))
      .describe('Properties this contact takes part in, with their role'),
    prospectFor: z
      .array(z.object({ property: propertyRefSchema, since: timestampSchema }))
      .describe('Properties this contact is interested in as a buyer'),
  })
  .meta({ id: 'UserDetail' });

export const listUsersInput = z.object({
  accountType: accountTypeSchema.optional(),
  role: staffRoleSchema.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('Words in first name, last name, e-mail or phone; accents and case ignored; ranked')
    .optional(),
  ...pageInput,
});

export const createUserInput = z
  .object({
    accountType: accountTypeSchema,
    role: staffRoleSchema.describe('Required for staff (accountType AGENT)').optional(),
    firstName: nameSchema,
    lastName: nameSchema,
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    password: passwordSchema.describe('Staff only. Without it, the new staff member gets an e-mail invitation to choose one').optional(),
    ...addressFields,
  })
  .superRefine((v, ctx) => {
    if (v.accountType === 'AGENT') {
      if (!v.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'required for staff' });
      if (!v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'required for staff' });
    } else {
      if (v.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'only staff have a role' });
      if (v.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'contacts cannot log in' });
      if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'a contact needs an e-mail or a phone' });
    }
  });

export const getUserInput = z.object({ id: idSchema });

export const updateUserInput = patchInput(
  { id: idSchema },
  {
    firstName: nameSchema.optional(),
    lastName: nameSchema.optional(),
    email: emailSchema.nullable().optional(),
    phone: phoneSchema.nullable().optional(),
    role: staffRoleSchema.describe('Staff only').optional(),
    active: z.boolean().describe('Staff only: false disables the account and ends its sessions').optional(),
    ...addressFields,
  },
);

export const userPageSchema = pageOf(userSchema);

export type User = z.infer<typeof userSchema>;
export type UserDetail = z.infer<typeof userDetailSchema>;
export type ListUsersInput = z.infer<typeof listUsersInput>;
export type CreateUserInput = z.infer<typeof createUserInput>;
export type UpdateUserInput = z.infer<typeof updateUserInput>;
export type UserPage = z.infer<typeof userPageSchema>;

export interface UsersService {
  list(actor: Actor, input: ListUsersInput): Promise<UserPage>;
  create(actor: Actor, input: CreateUserInput): Promise<User>;
  get(actor: Actor, id: string): Promise<UserDetail>;
  update(actor: Actor, input: UpdateUserInput): Promise<User>;
}
