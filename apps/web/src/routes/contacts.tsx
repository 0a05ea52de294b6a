import { PageHeader } from '../ui/feedback.tsx';

export function ContactsScreen() {
  return <PageHeader title="Contacts" />;
}
