import type { Actor, CreateUserInput, Services } from '@monimmo/contract';
import { users, type Database } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';

export const DEMO_LOGIN = { email: 'direction@vieuxport-immobilier.fr', password: 'Demo-Monimmo-2026' } as const;

const STAFF: CreateUserInput[] = [
  { accountType: 'AGENT', role: 'MANAGER', firstName: 'Julien', lastName: 'Roussel', email: 'julien.roussel@vieuxport-immobilier.fr', phone: '06 21 43 65 87', password: DEMO_LOGIN.password },
  { accountType: 'AGENT', role: 'AGENT', firstName: 'Camille', lastName: 'Lefèbvre', email: 'camille.lefebvre@vieuxport-immobilier.fr', phone: '06 32 54 76 98', password: DEMO_LOGIN.password },
];

const CONTACTS: CreateUserInput[] = [
  { accountType: 'CLIENT', firstName: 'Jean-Pierre', lastName: 'Fabre', email: 'jp.fabre@orange.fr', phone: '06 11 22 33 44', address: '14 rue Sainte', postalCode: '13001', city: 'Marseille' },
  { accountType: 'CLIENT', firstName: 'Nathalie', lastName: 'Girard', email: 'nathalie.girard@gmail.com', phone: '07 55 66 77 88', city: 'Aix-en-Provence', postalCode: '13100' },
  { accountType: 'CLIENT', firstName: 'Karim', lastName: 'Benali', phone: '06 98 76 54 32', city: 'Marseille', postalCode: '13007' },
  { accountType: 'CLIENT', firstName: 'Élise', lastName: 'Château', email: 'elise.chateau@free.fr', address: '3 boulevard Longchamp', postalCode: '13001', city: 'Marseille' },
  { accountType: 'NOTAIRE', firstName: 'Hélène', lastName: 'Castellane', email: 'h.castellane@notaires-marseille.fr', phone: '04 91 00 12 34', address: '25 cours Pierre Puget', postalCode: '13006', city: 'Marseille' },
];

/**
 * The demo agency, created through the services so it obeys the same rules as real data.
 * Idempotent: what already exists (matched by e-mail or name) is left as it is.
 */
export async function seedDemo(services: Services, database: Database): Promise<{ created: number }> {
  const { db } = database;
  let created = 0;
  const [existingAdmin] = await db.select().from(users).where(eq(users.emailNormalized, DEMO_LOGIN.email));
  let orgId = existingAdmin?.orgId;
  if (!orgId) {
    const session = await services.auth.register(
      { organizationName: 'Vieux-Port Immobilier', firstName: 'Sophie', lastName: 'Marchand', email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, phone: '04 91 54 32 10' },
      { requestId: 'seed', ip: 'seed', userAgent: 'seed' },
    );
    orgId = session.organization.id;
    created += 1;
  }
  const [admin] = await db.select().from(users).where(eq(users.emailNormalized, DEMO_LOGIN.email));
  if (!admin?.role) throw new Error('demo administrator missing after registration');
  const actor: Actor = { userId: admin.id, orgId, role: admin.role, sessionId: 'seed' };

  for (const input of [...STAFF, ...CONTACTS]) {
    const match = input.email
      ? eq(users.emailNormalized, input.email.toLowerCase())
      : and(eq(users.firstName, input.firstName), eq(users.lastName, input.lastName));
    const [exists] = await db.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), match));
    if (exists) continue;
    await services.users.create(actor, input);
    created += 1;
  }
  return { created };
}
