import {
  MESSAGE_CHANNEL_LABELS,
  MESSAGE_CHANNELS,
  AI_STATUSES,
  type AiStatus,
  type MessageChannel,
} from '@monimmo/contract/vocabulary/lists';
import { X } from 'lucide-react';
import { PropertyPicker } from '../properties/property-picker.tsx';
import { useDebouncedCommit } from '../properties/use-debounced-commit.ts';
import { Button } from '../../ui/button.tsx';
import { Field, Select } from '../../ui/field.tsx';
import { SearchInput } from '../../ui/search-input.tsx';
import { PropertyName } from './property-name.tsx';
import { TRIAGE_FILTER_LABELS } from './message-labels.tsx';
import type { InboxSearch } from './search.ts';

export type InboxFilterChange = Partial<Pick<InboxSearch, 'q' | 'canal' | 'etat' | 'bien'>>;

/** Search words, channel, state and property of the inbox; each change lands in the address (see search.ts). */
export function InboxFilters({ search, onChange }: { search: InboxSearch; onChange(change: InboxFilterChange): void }) {
  const [q, setQ] = useDebouncedCommit(search.q ?? '', (next) => onChange({ q: next.trim() || undefined }));
  return (
    <div role="search" className="mb-4 space-y-3 rounded-xl border border-slate-200 bg-white p-3">
      <div className="grid grid-cols-2 gap-3">
        {/* The list column is narrow even on wide screens: the search box gets its own row. */}
        <div className="col-span-2 space-y-1">
          <label htmlFor="inbox-q" className="block text-sm font-medium text-slate-700">
            Rechercher un message
          </label>
          <SearchInput id="inbox-q" value={q} onChange={(event) => setQ(event.target.value)} placeholder="Expéditeur, objet, texte…" />
        </div>
        <Field label="Canal">
          {(props) => (
            <Select
              {...props}
              value={search.canal ?? ''}
              onChange={(event) => onChange({ canal: (event.target.value || undefined) as MessageChannel | undefined })}
            >
              <option value="">Tous les canaux</option>
              {MESSAGE_CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {MESSAGE_CHANNEL_LABELS[channel]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="État">
          {(props) => (
            <Select
              {...props}
              value={search.etat ?? ''}
              onChange={(event) => onChange({ etat: (event.target.value || undefined) as AiStatus | undefined })}
            >
              <option value="">Tous les états</option>
              {AI_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {TRIAGE_FILTER_LABELS[status]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {search.bien ? null : <PropertyPicker label="Bien concerné" onSelect={(property) => onChange({ bien: property.id })} />}
      {search.bien ? (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          Messages du bien <PropertyName propertyId={search.bien} />
          <Button variant="ghost" size="sm" onClick={() => onChange({ bien: undefined })}>
            <X aria-hidden="true" className="h-4 w-4" /> Tous les biens
          </Button>
        </p>
      ) : null}
    </div>
  );
}
