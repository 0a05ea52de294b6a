import { Link } from '@tanstack/react-router';
import { MapPinOff } from 'lucide-react';
import { EmptyState } from '../ui/feedback.tsx';
import { Button } from '../ui/button.tsx';

export function NotFoundScreen() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <EmptyState
        icon={MapPinOff}
        title="Page introuvable"
        action={
          <Button asChild>
            <Link to="/biens">Retour aux biens</Link>
          </Button>
        }
      >
        Cette adresse ne correspond à aucune page de Monimmo. Le lien est peut-être incomplet ou l’élément a été supprimé.
      </EmptyState>
    </main>
  );
}
