import { getRouteApi } from '@tanstack/react-router';
import { PropertiesBoard } from '../features/properties/board.tsx';
import type { FilterChange } from '../features/properties/filters.tsx';
import { PropertiesList } from '../features/properties/list.tsx';
import { NewPropertyButton } from '../features/properties/new-property-button.tsx';
import { ViewToggle, type PropertiesView } from '../features/properties/view-toggle.tsx';
import { PageHeader } from '../ui/feedback.tsx';

const route = getRouteApi('/app/biens');

/** « Biens »: the pipeline as a board (default) or the searchable list, both kept in the address. */
export function PropertiesScreen() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const view: PropertiesView = search.vue ?? 'tableau';

  const setView = (vue: PropertiesView) => void navigate({ search: (prev) => ({ ...prev, vue: vue === 'tableau' ? undefined : vue }) });
  // Typing replaces the entry: the back button returns to the previous screen, not to each letter.
  const setFilters = (change: FilterChange) => void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true });
  const clear = () => void navigate({ search: { vue: 'liste' }, replace: true });

  return (
    <>
      <PageHeader title="Biens">
        <ViewToggle view={view} onChange={setView} />
        <NewPropertyButton />
      </PageHeader>
      {view === 'tableau' ? <PropertiesBoard /> : <PropertiesList search={search} onChange={setFilters} onClear={clear} />}
    </>
  );
}
