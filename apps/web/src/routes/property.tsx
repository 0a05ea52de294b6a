import { PageHeader } from '../ui/feedback.tsx';

export function PropertyScreen() {
  return <PageHeader title="Fiche bien" />;
}
