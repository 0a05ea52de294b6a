import { PROPERTY_STATUS_LABELS, PROPERTY_STATUSES, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { Field, Input, Select } from '../../ui/field.tsx';
import { SearchInput } from '../../ui/search-input.tsx';
import type { PropertiesSearch } from './search.ts';
import { useDebouncedCommit } from './use-debounced-commit.ts';

export type FilterChange = Partial<Pick<PropertiesSearch, 'q' | 'statut' | 'ville' | 'prixMin' | 'prixMax'>>;

const amount = (text: string): number | undefined => {
  const n = Number(text.replace(/\s/g, ''));
  return text.trim() && Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** Search words and filters of the list; each change lands in the address (see search.ts). */
export function PropertyFilters({ search, onChange }: { search: PropertiesSearch; onChange(change: FilterChange): void }) {
  const [q, setQ] = useDebouncedCommit(search.q ?? '', (next) => onChange({ q: next.trim() || undefined }));
  const [ville, setVille] = useDebouncedCommit(search.ville ?? '', (next) => onChange({ ville: next.trim() || undefined }));
  const [prixMin, setPrixMin] = useDebouncedCommit(search.prixMin?.toString() ?? '', (next) => onChange({ prixMin: amount(next) }));
  const [prixMax, setPrixMax] = useDebouncedCommit(search.prixMax?.toString() ?? '', (next) => onChange({ prixMax: amount(next) }));

  return (
    <div
      role="search"
      className="mb-4 grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-3 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,9rem)_minmax(0,9rem)]"
    >
      <div className="col-span-2 space-y-1 lg:col-span-1">
        <label htmlFor="properties-q" className="block text-sm font-medium text-slate-700">
          Rechercher un bien
        </label>
        <SearchInput
          id="properties-q"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder="Titre, adresse, ville, propriétaire…"
        />
      </div>
      <Field label="Statut" className="col-span-2 sm:col-span-1">
        {(props) => (
          <Select
            {...props}
            value={search.statut ?? ''}
            onChange={(event) => onChange({ statut: (event.target.value || undefined) as PropertyStatus | undefined })}
          >
            <option value="">Tous les statuts</option>
            {PROPERTY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {PROPERTY_STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Ville" className="col-span-2 sm:col-span-1">
        {(props) => (
          <Input
            {...props}
            value={ville}
            onChange={(event) => setVille(event.target.value)}
            placeholder="Marseille"
            autoComplete="address-level2"
          />
        )}
      </Field>
      <Field label="Prix min (€)">
        {(props) => (
          <Input
            {...props}
            type="number"
            inputMode="numeric"
            min={0}
            step={1000}
            value={prixMin}
            onChange={(event) => setPrixMin(event.target.value)}
          />
        )}
      </Field>
      <Field label="Prix max (€)">
        {(props) => (
          <Input
            {...props}
            type="number"
            inputMode="numeric"
            min={0}
            step={1000}
            value={prixMax}
            onChange={(event) => setPrixMax(event.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
