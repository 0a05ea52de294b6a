import { PROPERTY_STATUS_LABELS } from '@monimmo/contract/vocabulary/lists';
import { X } from 'lucide-react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { ItemLines, SearchCombobox } from '../../ui/search-combobox.tsx';

export type PickedProperty = RouterOutputs['properties']['list']['items'][number];

const MAX_RESULTS = 8;

export interface PropertyPickerProps {
  label: string;
  onSelect(property: PickedProperty): void;
  disabled?: boolean;
  /** The property chosen so far: shown as a chip in place of the box, removed with `onClear`. */
  selected?: PickedProperty | null;
  onClear?(): void;
}

/** Finds one of the agency's properties by title, address, city or owner: a combobox with its listbox. */
export function PropertyPicker({ label, onSelect, disabled, selected, onClear }: PropertyPickerProps) {
  const trpc = useTRPC();

  if (selected)
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-700">{label}</p>
        <p className="flex items-center justify-between gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <span className="min-w-0 truncate">
            <span className="font-medium text-slate-900">{selected.title}</span>
            <span className="text-slate-600"> · {selected.city}</span>
          </span>
          {onClear ? (
            <Button variant="ghost" size="icon" aria-label={`Retirer le bien « ${selected.title} »`} onClick={onClear}>
              <X aria-hidden="true" className="h-4 w-4" />
            </Button>
          ) : null}
        </p>
      </div>
    );

  return (
    <SearchCombobox
      label={label}
      placeholder="Titre, adresse, ville ou propriétaire"
      disabled={disabled}
      search={(q) => trpc.properties.list.queryOptions({ q, limit: MAX_RESULTS }, { select: (page) => page.items })}
      renderItem={(property) => (
        <ItemLines
          title={property.title}
          details={`${property.address}, ${property.postalCode} ${property.city} · ${PROPERTY_STATUS_LABELS[property.status]}`}
        />
      )}
      onSelect={onSelect}
      emptyText="Aucun bien ne correspond à cette recherche."
    />
  );
}
