import { passwordTokens, type Tx } from '@monimmo/db';
import type { Mailer } from '../mailer.ts';
import { randomToken, sha256 } from '../shared/crypto.ts';

export type PasswordTokenPurpose = 'RESET' | 'INVITATION';

interface Recipient {
  id: string;
  orgId: string;
  email: string;
  firstName: string;
}

export interface PasswordEmailSettings {
  appBaseUrl: string;
  resetTtlMinutes: number;
  invitationTtlHours: number;
}

/**
 * Issues a single-use token (stored hashed) and e-mails its link, in the caller's
 * transaction. The token sits in the URL fragment so it never reaches a server log, and is
 * marked secret so the outbox keeps the message without it.
 */
export async function sendPasswordEmail(
  tx: Tx,
  mailer: Mailer,
  settings: PasswordEmailSettings,
  user: Recipient,
  purpose: PasswordTokenPurpose,
  organizationName: string,
): Promise<void> {
  const token = randomToken();
  const ttlMs = purpose === 'RESET' ? settings.resetTtlMinutes * 60_000 : settings.invitationTtlHours * 3_600_000;
  await tx.insert(passwordTokens).values({
    orgId: user.orgId,
    userId: user.id,
    purpose,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + ttlMs).toISOString(),
  });
  const base = settings.appBaseUrl.replace(/\/$/, '');
  if (purpose === 'RESET') {
    await mailer.send(tx, {
      orgId: user.orgId,
      to: user.email,
      subject: 'Réinitialisation de votre mot de passe Monimmo',
      secrets: [token],
      text:
        `Bonjour ${user.firstName},\n\n` +
        `Vous avez demandé à réinitialiser votre mot de passe. Ce lien est valable ${settings.resetTtlMinutes} minutes et ne sert qu’une fois :\n` +
        `${base}/reinitialiser-mot-de-passe#token=${token}\n\n` +
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n\n' +
        'L’équipe Monimmo',
    });
  } else {
    await mailer.send(tx, {
      orgId: user.orgId,
      to: user.email,
      subject: `Votre accès Monimmo pour ${organizationName}`,
      secrets: [token],
      text:
        `Bonjour ${user.firstName},\n\n` +
        `Un compte Monimmo a été créé pour vous au sein de l’agence ${organizationName}. ` +
        `Choisissez votre mot de passe avec ce lien, valable ${settings.invitationTtlHours} heures :\n` +
        `${base}/invitation#token=${token}\n\n` +
        'L’équipe Monimmo',
    });
  }
}
