import { AppError, invalidField, notFound, type Actor, type StaffRole, type UsersService } from '@monimmo/contract';
import {
  organizations,
  properties,
  propertyParticipants,
  propertyProspects,
  sessions,
  users,
  usersFts,
  type Database,
  type Tx,
} from '@monimmo/db';
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import { sendPasswordEmail, type PasswordEmailSettings } from '../auth/password-emails.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Mailer } from '../mailer.ts';
import { isUniqueViolation } from '../shared/db-errors.ts';
import { listPage } from '../shared/search.ts';
import { normalizeEmail, toUser } from './mapping.ts';

export interface UsersDeps {
  database: Database;
  mailer: Mailer;
  settings: PasswordEmailSettings;
}

const isManager = (role: StaffRole) => role === 'MANAGER' || role === 'ADMIN';
const emailTaken = () => new AppError('CONFLICT', 'Another user already has this e-mail', { reason: 'EMAIL_TAKEN' });
const forbidden = (message: string) => new AppError('FORBIDDEN', message);
const badField = invalidField;

/** Who may change a staff account: managers, never above their own rank. */
function assertCanManageStaff(actor: Actor, targetRole: StaffRole | null, newRole?: StaffRole) {
  if (!isManager(actor.role)) throw forbidden('Only a manager or an administrator can manage staff accounts');
  if (actor.role !== 'ADMIN' && (targetRole === 'ADMIN' || newRole === 'ADMIN')) {
    throw forbidden('Only an administrator can manage administrator accounts');
  }
}

export function createUsersService({ database, mailer, settings }: UsersDeps): UsersService {
  const { db } = database;

  async function findInOrg(actor: Actor, id: string, tx: Tx | Database['db'] = db) {
    const [row] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.orgId, actor.orgId)));
    if (!row) throw notFound('User');
    return row;
  }

  /** The previous login address hears of the change, so an unwanted one does not go unnoticed. */
  async function tellOldAddress(tx: Tx, target: { orgId: string; email: string; firstName: string }, newEmail: string) {
    await mailer.send(tx, {
      orgId: target.orgId,
      to: target.email,
      subject: 'Votre adresse de connexion Monimmo a changé',
      text:
        `Bonjour ${target.firstName},\n\n` +
        `L’adresse e-mail de connexion de votre compte Monimmo est désormais ${newEmail}. ` +
        'Les liens de réinitialisation du mot de passe seront envoyés à cette nouvelle adresse.\n\n' +
        'Si vous n’êtes pas à l’origine de ce changement, prévenez sans attendre l’administrateur de votre agence.\n\n' +
        'L’équipe Monimmo',
    });
  }

  async function countOtherActiveAdmins(tx: Tx, orgId: string, exceptId: string) {
    const [row] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.role, 'ADMIN'), eq(users.active, true), ne(users.id, exceptId)));
    return row?.n ?? 0;
  }

  return {
    async list(actor, input) {
      const { rows, nextCursor } = await listPage<typeof users.$inferSelect>(db, {
        table: users,
        fts: usersFts,
        searchRowid: users.searchRowid,
        id: users.id,
        sortKey: users.createdAt,
        cursorOf: (r) => ({ sortKey: r.createdAt, id: r.id }),
        orgId: actor.orgId,
        filters: [
          eq(users.orgId, actor.orgId),
          input.accountType ? eq(users.accountType, input.accountType) : undefined,
          input.role ? eq(users.role, input.role) : undefined,
        ],
        q: input.q,
        cursor: input.cursor,
        limit: input.limit,
      });
      return { items: rows.map(toUser), nextCursor };
    },

    async create(actor, input) {
      const isStaff = input.accountType === 'AGENT';
      if (isStaff) assertCanManageStaff(actor, null, input.role);
      const passwordHash = isStaff && input.password ? await hashPassword(input.password) : null;
      try {
        const row = await database.tx(async (tx) => {
          const [created] = await tx
            .insert(users)
            .values({
              orgId: actor.orgId,
              accountType: input.accountType,
              role: isStaff ? (input.role ?? null) : null,
              firstName: input.firstName,
              lastName: input.lastName,
              email: input.email ?? null,
              emailNormalized: input.email ? normalizeEmail(input.email) : null,
              phone: input.phone ?? null,
              address: input.address ?? null,
              postalCode: input.postalCode ?? null,
              city: input.city ?? null,
              passwordHash,
            })
            .returning();
          if (!created) throw new Error('user insert returned nothing');
          if (isStaff && !passwordHash && created.email) {
            const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.orgId));
            await sendPasswordEmail(tx, mailer, settings, { ...created, email: created.email }, 'INVITATION', org?.name ?? '');
          }
          return created;
        });
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
    },

    async get(actor, id) {
      const user = await findInOrg(actor, id);
      const propertyRef = {
        id: properties.id,
        title: properties.title,
        city: properties.city,
        postalCode: properties.postalCode,
        status: properties.status,
      };
      const [links, interests] = await Promise.all([
        db
          .select({ property: propertyRef, role: propertyParticipants.role, linkedAt: propertyParticipants.createdAt })
          .from(propertyParticipants)
          .innerJoin(properties, eq(properties.id, propertyParticipants.propertyId))
          .where(and(eq(propertyParticipants.userId, id), eq(propertyParticipants.orgId, actor.orgId)))
          .orderBy(asc(propertyParticipants.createdAt)),
        db
          .select({ property: propertyRef, since: propertyProspects.createdAt })
          .from(propertyProspects)
          .innerJoin(properties, eq(properties.id, propertyProspects.propertyId))
          .where(and(eq(propertyProspects.userId, id), eq(propertyProspects.orgId, actor.orgId)))
          .orderBy(asc(propertyProspects.createdAt)),
      ]);
      return { ...toUser(user), properties: links, prospectFor: interests };
    },

    async update(actor, input) {
      const { id, role, active, ...profile } = input;
      try {
        const row = await database.tx(async (tx) => {
          const target = await findInOrg(actor, id, tx);
          const isStaff = target.accountType === 'AGENT';
          if (!isStaff && (role !== undefined || active !== undefined)) {
            throw badField(role !== undefined ? 'role' : 'active', 'only staff accounts have a role and an active flag');
          }
          const changesAccess = role !== undefined || active !== undefined;
          if (isStaff && (target.id !== actor.userId || changesAccess)) {
            if (target.id === actor.userId && changesAccess && !isManager(actor.role)) {
              throw forbidden('You cannot change your own role or status');
            }
            assertCanManageStaff(actor, target.role, role);
          }
          if (isStaff && profile.email === null) throw badField('email', 'staff need an e-mail to log in');
          // The login e-mail is where password links go: whoever sets it can take the account over.
          const changesLoginEmail = isStaff && !!profile.email && normalizeEmail(profile.email) !== target.emailNormalized;
          if (changesLoginEmail && target.id !== actor.userId && actor.role !== 'ADMIN') {
            throw new AppError('FORBIDDEN', "Only an administrator or the account's owner can change a staff member's e-mail", {
              reason: 'STAFF_EMAIL_ADMIN_ONLY',
            });
          }
          const email = profile.email === undefined ? target.email : profile.email;
          const phone = profile.phone === undefined ? target.phone : profile.phone;
          if (!isStaff && !email && !phone) throw badField('email', 'a contact needs an e-mail or a phone');

          const losesAdmin = target.role === 'ADMIN' && target.active && ((role && role !== 'ADMIN') || active === false);
          if (losesAdmin && (await countOtherActiveAdmins(tx, actor.orgId, target.id)) === 0) {
            throw new AppError('INVALID_STATE', 'The agency must keep at least one active administrator', { reason: 'LAST_ADMIN' });
          }

          const [updated] = await tx
            .update(users)
            .set({
              ...profile,
              ...(profile.email !== undefined ? { emailNormalized: profile.email ? normalizeEmail(profile.email) : null } : {}),
              ...(role !== undefined ? { role } : {}),
              ...(active !== undefined ? { active } : {}),
            })
            .where(and(eq(users.id, id), eq(users.orgId, actor.orgId)))
            .returning();
          if (!updated) throw notFound('User');
          if (changesLoginEmail && target.email) await tellOldAddress(tx, { ...target, email: target.email }, updated.email ?? '');
          if (active === false) {
            await tx
              .update(sessions)
              .set({ revokedAt: new Date().toISOString(), revokedReason: 'ACCOUNT_DISABLED' })
              .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
          }
          return updated;
        });
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
    },
  };
}
