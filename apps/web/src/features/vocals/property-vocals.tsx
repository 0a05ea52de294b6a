import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';
import { FormError } from '../../ui/field.tsx';
import { useVocals } from './use-vocals.ts';
import { VocalList } from './vocal-list.tsx';

/** The fiche bien's voice notes, each with its processing status; recording happens on « Vocaux ». */
export function PropertyVocals({ propertyId }: { propertyId: string }) {
  const vocals = useVocals(propertyId);
  return (
    <Card
      title="Notes vocales"
      action={
        <Button asChild size="sm" variant="secondary">
          <Link to="/vocaux">Enregistrer une note</Link>
        </Button>
      }
    >
      {vocals.isPending ? (
        <LoadingBlock lines={2} label="Chargement des notes vocales…" />
      ) : vocals.isError ? (
        <FormError message={toFrenchError(vocals.error).message} />
      ) : vocals.vocals.length === 0 ? (
        <p className="text-sm text-slate-600">
          Aucune note vocale sur ce bien. Après une visite, enregistrez votre compte rendu depuis « Vocaux ».
        </p>
      ) : (
        <div className="space-y-3">
          <VocalList vocals={vocals.vocals} showProperty={false} />
          {vocals.hasNextPage ? (
            <Button size="sm" variant="secondary" onClick={() => void vocals.fetchNextPage()} disabled={vocals.isFetchingNextPage}>
              Afficher plus de notes
            </Button>
          ) : null}
        </div>
      )}
    </Card>
  );
}
