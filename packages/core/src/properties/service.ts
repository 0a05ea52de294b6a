import type { PropertiesService } from '@monimmo/contract';
import type { Database } from '@monimmo/db';
import { createProperty, updateProperty } from './create.ts';
import { createDetailReader, type PropertyContext } from './detail.ts';
import { createPropertyList } from './list.ts';
import { addParticipant, removeParticipant, updateParticipant } from './participants.ts';
import { addProspect, listProspects } from './prospects.ts';
import { changePropertyStatus } from './status.ts';

/** Wires the properties operations, each in its own module, over one database and its prepared reads. */
export function createPropertiesService({ database }: { database: Database }): PropertiesService {
  const ctx: PropertyContext = { database, detail: createDetailReader(database.db) };
  return {
    ...createPropertyList(database.db),
    get: ctx.detail,
    create: (actor, input) => createProperty(ctx, actor, input),
    update: (actor, input) => updateProperty(ctx, actor, input),
    changeStatus: (actor, id, status) => changePropertyStatus(ctx, actor, id, status),
    addParticipant: (actor, input) => addParticipant(ctx, actor, input),
    updateParticipant: (actor, input) => updateParticipant(ctx, actor, input),
    removeParticipant: (actor, input) => removeParticipant(ctx, actor, input),
    listProspects: (actor, input) => listProspects(ctx, actor, input),
    addProspect: (actor, input) => addProspect(ctx, actor, input),
  };
}
