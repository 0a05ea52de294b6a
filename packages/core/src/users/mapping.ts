import type { User } from '@monimmo/contract';
import type { users } from '@monimmo/db';

type UserRow = typeof users.$inferSelect;

/** The API view of a user row: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    accountType: row.accountType,
    role: row.role,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    address: row.address,
    postalCode: row.postalCode,
    city: row.city,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
