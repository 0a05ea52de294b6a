import type { AccountType } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ItemLines, SearchCombobox } from '../../ui/search-combobox.tsx';

export type PickedContact = RouterOutputs['users']['list']['items'][number];

const MAX_RESULTS = 8;

export interface ContactPickerProps {
  /** The input's label, e.g. « Rechercher un contact ». */
  label: string;
  onSelect(contact: PickedContact): void;
  /** Only this kind of account; without it, the agency's contacts (clients and notaries), not its staff. */
  accountType?: AccountType;
  /** The error to show under the box (a required choice). */
  error?: string | undefined;
}

/** Finds one of the agency's contacts by name, e-mail or phone: a combobox with its listbox. */
export function ContactPicker({ label, onSelect, accountType, error }: ContactPickerProps) {
  const trpc = useTRPC();
  return (
    <SearchCombobox
      label={label}
      placeholder="Nom, e-mail ou téléphone"
      error={error}
      search={(q) =>
        trpc.users.list.queryOptions(
          { q, limit: MAX_RESULTS, ...(accountType ? { accountType } : {}) },
          { select: (page) => (accountType ? page.items : page.items.filter((user) => user.accountType !== 'AGENT')) },
        )
      }
      renderItem={(contact) => (
        <ItemLines
          title={`${contact.firstName} ${contact.lastName}`}
          details={[contact.email, contact.phone].filter(Boolean).join(' · ')}
        />
      )}
      onSelect={onSelect}
      emptyText="Aucun contact ne correspond à cette recherche."
    />
  );
}
