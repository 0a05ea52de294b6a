import { Plus } from 'lucide-react';
import { Button } from '../../ui/button.tsx';

/** « Nouveau bien »: opens the creation form (title, address, price, owner new or existing). */
export function NewPropertyButton() {
  return (
    <Button disabled>
      <Plus aria-hidden="true" className="h-4 w-4" />
      Nouveau bien
    </Button>
  );
}
