import { newContactSchema, type NewContact } from '@monimmo/contract/schemas';
import { z } from 'zod';
import { blank } from '../properties/form-values.ts';

/**
 * A contact chosen in a form: one of the agency's (picked by id) or a new one typed in. The form
 * keeps both sets of fields; only the chosen one is checked and sent.
 */
export const contactChoiceShape = {
  contactMode: z.enum(['existing', 'new']),
  contactId: z.string(),
  contact: z.object({ firstName: z.string(), lastName: z.string(), email: z.string(), phone: z.string() }),
};

export interface ContactChoiceValues {
  contactMode: 'existing' | 'new';
  contactId: string;
  contact: { firstName: string; lastName: string; email: string; phone: string };
}

export const emptyContactChoice = (contactMode: ContactChoiceValues['contactMode']): ContactChoiceValues => ({
  contactMode,
  contactId: '',
  contact: { firstName: '', lastName: '', email: '', phone: '' },
});

/** The new contact's fields with blanks left out (an empty e-mail is no e-mail). */
function typedContact(contact: ContactChoiceValues['contact']): Record<string, string> {
  return Object.fromEntries(Object.entries(contact).filter(([, value]) => !blank(value)));
}

/**
 * Checks the chosen side with the contract's rules (newContactSchema), errors under its fields.
 * Pass `contactCheckParams` to superRefine: it then runs even when other fields are wrong, so
 * every error shows at the first submit.
 */
export function checkContactChoice(value: ContactChoiceValues, ctx: z.RefinementCtx): void {
  if (!value?.contact) return;
  if (value.contactMode === 'existing') {
    if (!value.contactId) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'Choisissez un contact dans la liste.' });
    return;
  }
  const parsed = newContactSchema.safeParse(typedContact(value.contact));
  for (const issue of parsed.error?.issues ?? []) {
    // Same code and message, under the form's own path.
    ctx.addIssue({ ...issue, path: ['contact', ...issue.path] } as never);
  }
}

export const contactCheckParams = { when: () => true };

/** What the API takes: the id of the chosen contact, or the new one. */
export function chosenContact(value: ContactChoiceValues): { userId: string } | { contact: NewContact } {
  return value.contactMode === 'existing' ? { userId: value.contactId } : { contact: newContactSchema.parse(typedContact(value.contact)) };
}

const FIELD_NAMES: Record<string, string> = {
  firstName: 'prénom',
  lastName: 'nom',
  phone: 'téléphone',
  address: 'adresse',
  postalCode: 'code postal',
  city: 'ville',
};

/** The sentence when the API linked the agency's contact with that e-mail instead of creating one. */
export function linkedExistingMessage(name: string, ignoredFields: readonly string[]): string {
  const base = `${name} était déjà dans vos contacts (même e-mail) : sa fiche a été reprise telle quelle.`;
  if (ignoredFields.length === 0) return base;
  return `${base} Non repris car différents de sa fiche : ${ignoredFields.map((f) => FIELD_NAMES[f] ?? f).join(', ')}.`;
}
