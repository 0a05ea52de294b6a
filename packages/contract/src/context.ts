import type { AuthService } from './auth/schemas.ts';
import type { EventsService } from './events/schemas.ts';
import type { FilesService } from './files/schemas.ts';
import type { IntegrationsService } from './integrations/schemas.ts';
import type { MessagesService } from './messages/schemas.ts';
import type { PropertiesService } from './properties/schemas.ts';
import type { ReviewQueueService } from './review-queue/schemas.ts';
import type { UsersService } from './users/schemas.ts';
import type { RequestInfo } from './actor.ts';
import type { SessionCookie } from './session/schemas.ts';
import type { VocalsService } from './vocals/schemas.ts';

export type { Actor, RequestInfo } from './actor.ts';

/** What the routers call; core implements it, the hosts wire it. */
export interface Services {
  auth: AuthService;
  users: UsersService;
  properties: PropertiesService;
  files: FilesService;
  messages: MessagesService;
  reviewQueue: ReviewQueueService;
  vocals: VocalsService;
  integrations: IntegrationsService;
  /** The live event stream (tRPC subscription only). */
  events: EventsService;
}

export interface Context {
  services: Services;
  request: RequestInfo;
  /** The raw bearer token, verified only by procedures that need an actor. */
  bearerToken: string | null;
  /** The browser's refresh cookie, read and written only by the session procedures. */
  sessionCookie: SessionCookie;
}
