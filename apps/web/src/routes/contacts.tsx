import { Contact, SearchX } from 'lucide-react';
import { useState } from 'react';
import { ContactList } from '../features/contacts/contact-list.tsx';
import { NewContactButton } from '../features/contacts/new-contact-dialog.tsx';
import { useContacts } from '../features/contacts/use-contacts.ts';
import { toFrenchError } from '../lib/errors.ts';
import { useDebouncedValue } from '../lib/use-debounced-value.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, LoadingBlock, PageHeader } from '../ui/feedback.tsx';
import { FormError } from '../ui/field.tsx';
import { SearchInput } from '../ui/search-input.tsx';

/** « Contacts »: the agency's clients, searched as one types, each with the properties they are part of. */
export function ContactsScreen() {
  const [typed, setTyped] = useState('');
  const q = useDebouncedValue(typed.trim(), 300);
  const contacts = useContacts(q);

  return (
    <>
      <PageHeader title="Contacts">
        <NewContactButton />
      </PageHeader>
      <SearchInput
        className="mb-4 max-w-md"
        aria-label="Rechercher un contact"
        placeholder="Nom, e-mail ou téléphone"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      {contacts.isPending ? (
        <LoadingBlock lines={5} label="Chargement des contacts…" />
      ) : contacts.isError ? (
        <FormError message={toFrenchError(contacts.error).message} />
      ) : contacts.contacts.length === 0 ? (
        q ? (
          <EmptyState icon={SearchX} title={`Aucun contact ne correspond à « ${q} ».`}>
            Vérifiez l’orthographe ou cherchez par e-mail ou téléphone.
          </EmptyState>
        ) : (
          <EmptyState icon={Contact} title="Aucun contact pour l’instant">
            Ajoutez vos clients avec « Nouveau contact » ; les propriétaires saisis avec un bien apparaissent aussi ici.
          </EmptyState>
        )
      ) : (
        <div aria-busy={contacts.isPlaceholderData} className={contacts.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
          <ContactList contacts={contacts.contacts} />
          {contacts.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" disabled={contacts.isFetchingNextPage} onClick={() => void contacts.fetchNextPage()}>
                {contacts.isFetchingNextPage ? 'Chargement…' : 'Charger plus'}
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
