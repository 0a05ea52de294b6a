import { WifiOff } from 'lucide-react';
import { useLiveUpdates } from './use-live-updates.ts';

/** Keeps the screens up to date; says so, discreetly, while the live connection is lost. */
export function LiveUpdates() {
  const { down } = useLiveUpdates();
  return (
    <div role="status" aria-live="polite" className="sticky top-14 z-20">
      {down && (
        <p className="flex items-center justify-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-center text-sm text-amber-900">
          <WifiOff aria-hidden="true" className="h-4 w-4 shrink-0" />
          Connexion perdue — les informations se mettront à jour dès son retour
        </p>
      )}
    </div>
  );
}
