import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { cn } from '../../lib/cn.ts';
import { useTRPC } from '../../lib/trpc.ts';

export type PickedProperty = RouterOutputs['properties']['list']['items'][number];

const DEBOUNCE_MS = 250;
const MAX_RESULTS = 8;

/** Finds another of the agency's properties by title, address, city or owner: a combobox. */
export function PropertyPicker({ label, onSelect }: { label: string; onSelect(property: PickedProperty): void }) {
  const trpc = useTRPC();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  // Searches once typing pauses, not at each key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(text.trim());
      setActive(-1);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = useQuery(
    trpc.properties.list.queryOptions(
      { q: query, limit: MAX_RESULTS },
      { enabled: query.length > 0, placeholderData: keepPreviousData, staleTime: 30_000 },
    ),
  );
  const results = search.data?.items ?? [];
  const showList = open && query.length > 0;

  function choose(property: PickedProperty) {
    onSelect(property);
    setText('');
    setQuery('');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (results.length === 0 ? -1 : (i + 1) % results.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (results.length === 0 ? -1 : i <= 0 ? results.length - 1 : i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const picked = results[active] ?? (results.length === 1 ? results[0] : undefined);
      if (picked && showList) choose(picked);
    } else if (event.key === 'Escape') {
      // Escape leaves the box, so the queue's shortcuts work again.
      if (showList) setOpen(false);
      else event.currentTarget.blur();
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="relative">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          placeholder="Titre, adresse, ville ou propriétaire"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          className={cn(
            'block w-full rounded-md border border-slate-300 bg-white py-2 pr-3 pl-9 text-sm text-slate-900 placeholder:text-slate-400',
            'focus:border-brand-600 focus:ring-1 focus:ring-brand-600 focus:outline-none',
          )}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          hidden={!showList}
          className="absolute z-50 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          {results.map((property, index) => (
            <li
              key={property.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps the focus in the box, so the blur does not close the list before the click.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(property)}
              onMouseEnter={() => setActive(index)}
              className={cn('cursor-pointer px-3 py-2 text-sm', index === active ? 'bg-brand-50' : 'hover:bg-slate-50')}
            >
              <span className="block font-medium text-slate-900">{property.title}</span>
              <span className="block truncate text-xs text-slate-600">
                {property.address}, {property.postalCode} {property.city}
              </span>
            </li>
          ))}
        </ul>
        {showList && results.length === 0 ? (
          <p
            role="status"
            className="absolute z-50 mt-1 w-full rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg"
          >
            {search.isFetching || query !== text.trim() ? 'Recherche…' : 'Aucun bien ne correspond à cette recherche.'}
          </p>
        ) : null}
      </div>
    </div>
  );
}
