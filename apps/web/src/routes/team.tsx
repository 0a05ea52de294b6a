import { PageHeader } from '../ui/feedback.tsx';

export function TeamScreen() {
  return <PageHeader title="Équipe" />;
}
