// Who calls and from where: the services' schemas need these, and context.ts needs the schemas.
import type { StaffRole } from './vocabulary/values.ts';

/** Who is calling: a logged-in staff member of one organization. */
export interface Actor {
  userId: string;
  orgId: string;
  role: StaffRole;
  sessionId: string;
}

/** Facts about the HTTP request that services may need (throttling, audit). */
export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string | undefined;
}
