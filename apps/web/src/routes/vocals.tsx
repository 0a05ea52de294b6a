import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { ArrowLeft, Mic } from 'lucide-react';
import { NewVocal } from '../features/vocals/new-vocal.tsx';
import { useVocals } from '../features/vocals/use-vocals.ts';
import { VocalDetail } from '../features/vocals/vocal-detail.tsx';
import { VocalList } from '../features/vocals/vocal-list.tsx';
import { toFrenchError } from '../lib/errors.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, LoadingBlock, PageHeader } from '../ui/feedback.tsx';
import { FormError } from '../ui/field.tsx';

/** « Vocaux »: record or send a voice note, follow its processing, read and correct what it says. */
export function VocalsScreen() {
  const { note } = useSearch({ from: '/app/vocaux' });
  const navigate = useNavigate();
  const vocals = useVocals();

  const list = vocals.isPending ? (
    <LoadingBlock lines={5} label="Chargement des notes vocales…" />
  ) : vocals.isError ? (
    <FormError message={toFrenchError(vocals.error).message} />
  ) : vocals.vocals.length === 0 ? (
    <EmptyState icon={Mic} title="Aucune note vocale pour l’instant">
      Enregistrez un compte rendu après une visite, ou déposez un fichier audio de votre téléphone : il sera transcrit, résumé et rattaché
      au bien.
    </EmptyState>
  ) : (
    <div className="space-y-3">
      <VocalList vocals={vocals.vocals} selectedId={note} />
      {vocals.hasNextPage ? (
        <Button variant="secondary" onClick={() => void vocals.fetchNextPage()} disabled={vocals.isFetchingNextPage}>
          {vocals.isFetchingNextPage ? 'Chargement…' : 'Afficher plus de notes'}
        </Button>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader title="Vocaux" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className={note ? 'hidden min-w-0 space-y-6 lg:block' : 'min-w-0 space-y-6'}>
          <NewVocal onUploaded={(vocal) => void navigate({ to: '/vocaux', search: { note: vocal.id } })} />
          <section aria-label="Notes vocales de l’agence">{list}</section>
        </div>
        <div className="min-w-0 space-y-3">
          {note ? (
            <>
              <Link
                to="/vocaux"
                search={{}}
                className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900 lg:hidden"
              >
                <ArrowLeft aria-hidden="true" className="h-4 w-4" />
                Toutes les notes
              </Link>
              <VocalDetail id={note} />
            </>
          ) : (
            <div className="hidden lg:block">
              <EmptyState icon={Mic} title="Choisissez une note">
                Sa transcription, son résumé et ce qu’elle apprend sur le bien s’affichent ici.
              </EmptyState>
            </div>
          )}
        </div>
      </div>
    </>
  );
}
