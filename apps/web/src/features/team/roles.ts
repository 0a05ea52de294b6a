import { STAFF_ROLES, type StaffRole } from '@monimmo/contract/vocabulary/lists';

/**
 * The roles a person may give (when inviting, or to a member who holds `current`), as the API
 * rules them: managers and administrators manage staff, only an administrator touches the
 * administrator role. Empty: no role selector at all.
 */
export function assignableRoles(actor: StaffRole | null, current?: StaffRole | null): StaffRole[] {
  if (actor === 'ADMIN') return [...STAFF_ROLES];
  if (actor === 'MANAGER') return current === 'ADMIN' ? [] : STAFF_ROLES.filter((role) => role !== 'ADMIN');
  return [];
}
