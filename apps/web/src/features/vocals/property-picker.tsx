import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Search, X } from 'lucide-react';
import { useId, useState, type KeyboardEvent } from 'react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { cn } from '../../lib/cn.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';

export type PickedProperty = Pick<RouterOutputs['properties']['list']['items'][number], 'id' | 'title' | 'address' | 'city'>;

const MAX_RESULTS = 8;

/** Finds one of the agency's properties by title, address, city or owner: a combobox; once chosen, a chip to remove it. */
export function PropertyPicker({
  label,
  value,
  onChange,
}: {
  label: string;
  value: PickedProperty | null;
  onChange(property: PickedProperty | null): void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebouncedValue(text.trim(), 250);
  const search = useQuery(
    trpc.properties.list.queryOptions(
      { q, limit: MAX_RESULTS },
      { enabled: q.length > 0, placeholderData: keepPreviousData, staleTime: 30_000 },
    ),
  );
  const results = q ? (search.data?.items ?? []) : [];
  const showList = open && q.length > 0;

  if (value)
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-700">{label}</p>
        <p className="flex items-center justify-between gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <span className="min-w-0 truncate">
            <span className="font-medium text-slate-900">{value.title}</span>
            <span className="text-slate-600"> · {value.city}</span>
          </span>
          <Button variant="ghost" size="icon" aria-label={`Retirer le bien « ${value.title} »`} onClick={() => onChange(null)}>
            <X aria-hidden="true" className="h-4 w-4" />
          </Button>
        </p>
      </div>
    );

  function choose(property: PickedProperty) {
    onChange({ id: property.id, title: property.title, address: property.address, city: property.city });
    setText('');
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
    } else if (event.key === 'Escape' && showList) {
      setOpen(false);
    }
  }

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
          aria-activedescendant={showList && active >= 0 ? `${id}-option-${active}` : undefined}
          placeholder="Titre, adresse, ville ou propriétaire"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          className="block w-full rounded-md border border-slate-300 bg-white py-2 pr-3 pl-9 text-sm text-slate-900 placeholder:text-slate-400 focus:border-brand-600 focus:ring-1 focus:ring-brand-600 focus:outline-none"
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
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(property)}
              onMouseEnter={() => setActive(index)}
              className={cn('cursor-pointer px-3 py-2 text-sm', index === active ? 'bg-brand-50' : 'hover:bg-slate-50')}
            >
              <span className="block font-medium text-slate-900">{property.title}</span>
              <span className="block truncate text-xs text-slate-600">
                {property.address}, {property.city}
              </span>
            </li>
          ))}
        </ul>
        {showList && !search.isFetching && results.length === 0 ? (
          <p
            role="status"
            className="absolute z-50 mt-1 w-full rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg"
          >
            Aucun bien ne correspond.
          </p>
        ) : null}
      </div>
    </div>
  );
}
