import { ChevronDown, Mail, MapPin, Phone } from 'lucide-react';
import { useId, useState } from 'react';
import { cn } from '../../lib/cn.ts';
import { ContactProperties } from './contact-properties.tsx';
import type { ContactItem } from './use-contacts.ts';

const COLUMNS = 'sm:grid sm:grid-cols-[minmax(0,1.2fr)_minmax(0,1.5fr)_minmax(0,1fr)_minmax(0,1fr)_9.5rem] sm:items-center sm:gap-4';

/** The contacts as rows on a wide screen, stacked cards on a phone; each opens onto its properties. */
export function ContactList({ contacts }: { contacts: ContactItem[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div
        aria-hidden="true"
        className={`hidden border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium text-slate-500 ${COLUMNS}`}
      >
        <span>Nom</span>
        <span>E-mail</span>
        <span>Téléphone</span>
        <span>Ville</span>
        <span className="sr-only">Biens</span>
      </div>
      <ul aria-label="Contacts" className="divide-y divide-slate-200">
        {contacts.map((contact) => (
          <ContactRow key={contact.id} contact={contact} />
        ))}
      </ul>
    </div>
  );
}

function ContactRow({ contact }: { contact: ContactItem }) {
  const nameId = useId();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const name = `${contact.firstName} ${contact.lastName}`;
  const place = [contact.postalCode, contact.city].filter(Boolean).join(' ');
  return (
    <li aria-labelledby={nameId} className="px-4 py-3">
      <div className={cn('space-y-1.5 sm:space-y-0', COLUMNS)}>
        <span id={nameId} className="block truncate font-medium text-slate-900">
          {name}
        </span>
        <Detail icon={Mail}>
          {contact.email ? (
            <a href={`mailto:${contact.email}`} title={contact.email} className="truncate hover:text-brand-700 hover:underline">
              {contact.email}
            </a>
          ) : null}
        </Detail>
        <Detail icon={Phone}>
          {contact.phone ? (
            <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`} className="hover:text-brand-700 hover:underline">
              {contact.phone}
            </a>
          ) : null}
        </Detail>
        <Detail icon={MapPin}>{place ? <span className="truncate">{place}</span> : null}</Detail>
        <div className="pt-1 sm:pt-0 sm:text-right">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            aria-label={`Voir les biens de ${name}`}
            onClick={() => setOpen((was) => !was)}
            className="-ml-2 inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 sm:ml-0"
          >
            Voir les biens
            <ChevronDown aria-hidden="true" className={cn('h-4 w-4 transition-transform', open && 'rotate-180')} />
          </button>
        </div>
      </div>
      {open ? (
        <div id={panelId} className="mt-3 rounded-md bg-slate-50 px-3 py-2.5">
          <ContactProperties contactId={contact.id} />
        </div>
      ) : null}
    </li>
  );
}

/** One piece of contact data; on a phone its icon says what it is, on a wide screen the column does. */
function Detail({ icon: Icon, children }: { icon: typeof Mail; children: React.ReactNode }) {
  return (
    <p className={cn('flex min-w-0 items-center gap-2 text-sm text-slate-600', !children && 'hidden sm:flex')}>
      <Icon aria-hidden="true" className="h-4 w-4 shrink-0 text-slate-400 sm:hidden" />
      {children ?? <span className="text-slate-500">—</span>}
    </p>
  );
}
