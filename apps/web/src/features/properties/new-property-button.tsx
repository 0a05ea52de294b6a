import { Plus } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';

// The form (react-hook-form, the contract's schemas) loads on first opening: the board stays light.
const NewPropertyForm = lazy(() => import('./new-property.tsx').then((m) => ({ default: m.NewPropertyForm })));

/** « Nouveau bien »: opens the creation form. */
export function NewPropertyButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="h-4 w-4" />
        Nouveau bien
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Nouveau bien" className="max-w-2xl">
        {/* Mounted only while open, so each opening starts from a blank form. */}
        {open ? (
          <Suspense fallback={<LoadingBlock lines={5} label="Chargement du formulaire…" />}>
            <NewPropertyForm onDone={() => setOpen(false)} />
          </Suspense>
        ) : null}
      </Dialog>
    </>
  );
}
