import { keepPreviousData, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from '../lib/cn.ts';
import { useDebouncedValue } from '../lib/use-debounced-value.ts';

const DEBOUNCE_MS = 250;

export interface SearchComboboxProps<T extends { id: string }, TQueryFnData, TError, TQueryKey extends QueryKey> {
  /** The input's label, also the listbox's name. */
  label: string;
  /** The query options for a trimmed, non-empty search text; `select` turns the answer into the items. */
  search(q: string): UseQueryOptions<TQueryFnData, TError, readonly T[], TQueryKey>;
  /** An item's lines inside its option (the option's accessible name). */
  renderItem(item: T): ReactNode;
  onSelect(item: T): void;
  placeholder?: string;
  disabled?: boolean | undefined;
  /** The error to show under the box (a required choice). */
  error?: string | undefined;
  emptyText?: string;
  loadingText?: string;
}

/**
 * A search box with its listbox of results (WAI-ARIA combobox): the search waits for a pause in typing,
 * ↑/↓ move the highlight, Entrée picks it, Échap closes the list then leaves the box.
 */
export function SearchCombobox<T extends { id: string }, TQueryFnData, TError, TQueryKey extends QueryKey>({
  label,
  search,
  renderItem,
  onSelect,
  placeholder,
  disabled,
  error,
  emptyText = 'Aucun résultat ne correspond à cette recherche.',
  loadingText = 'Recherche…',
}: SearchComboboxProps<T, TQueryFnData, TError, TQueryKey>) {
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  // The highlight belongs to one search: a new list starts with nothing highlighted.
  const [highlight, setHighlight] = useState({ q: '', index: -1 });
  const active = highlight.q === q ? highlight.index : -1;
  const setActive = (next: (index: number) => number) => setHighlight({ q, index: next(active) });

  const options = search(q);
  const results = useQuery({
    ...options,
    enabled: q.length > 0 && options.enabled !== false,
    placeholderData: keepPreviousData,
    staleTime: options.staleTime ?? 30_000,
  });
  const items = q ? (results.data ?? []) : [];
  const showList = open && q.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  function choose(item: T) {
    onSelect(item);
    setText('');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (items.length === 0 ? -1 : (i + 1) % items.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (items.length === 0 ? -1 : i <= 0 ? items.length - 1 : i - 1));
    } else if (event.key === 'Enter') {
      // Entrée picks the highlighted item; it never submits the surrounding form.
      event.preventDefault();
      const picked = items[active] ?? (items.length === 1 ? items[0] : undefined);
      if (picked && showList) choose(picked);
    } else if (event.key === 'Escape') {
      // A second Échap leaves the box, so a page's own shortcuts work again.
      if (showList) setOpen(false);
      else event.currentTarget.blur();
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
          disabled={disabled}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? errorId : undefined}
          placeholder={placeholder}
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
            'focus:border-brand-600 focus:ring-1 focus:ring-brand-600 focus:outline-none aria-[invalid=true]:border-red-500 disabled:bg-slate-50',
          )}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          hidden={!showList}
          className="absolute z-50 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          {items.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps the focus in the box, so the blur does not close the list before the click.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(item)}
              onMouseEnter={() => setHighlight({ q, index })}
              className={cn('cursor-pointer px-3 py-2 text-sm', index === active ? 'bg-brand-50' : 'hover:bg-slate-50')}
            >
              {renderItem(item)}
            </li>
          ))}
        </ul>
        {showList && items.length === 0 ? (
          <p
            role="status"
            className="absolute z-50 mt-1 w-full rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg"
          >
            {results.isFetching || q !== text.trim() ? loadingText : emptyText}
          </p>
        ) : null}
      </div>
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The two lines most options show: a name, then its details. */
export function ItemLines({ title, details }: { title: ReactNode; details: ReactNode }) {
  return (
    <>
      <span className="block font-medium text-slate-900">{title}</span>
      <span className="block truncate text-xs text-slate-600">{details}</span>
    </>
  );
}
