import { NewPropertyButton } from '../features/properties/new-property.tsx';
import { PageHeader } from '../ui/feedback.tsx';

export function PropertiesScreen() {
  return (
    <PageHeader title="Biens">
      <NewPropertyButton />
    </PageHeader>
  );
}
