import { PageHeader } from '../ui/feedback.tsx';

export function PropertiesScreen() {
  return <PageHeader title="Biens" />;
}
