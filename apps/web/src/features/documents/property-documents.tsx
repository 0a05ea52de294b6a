import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { FolderOpen } from 'lucide-react';
import { useCallback } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState, LoadingBlock } from '../../ui/feedback.tsx';
import { FormError } from '../../ui/field.tsx';
import { DocumentList } from './document-list.tsx';
import { isClassifying } from './document-types.ts';
import { UploadPanel } from './upload-panel.tsx';
import { useUploadQueue } from './use-upload-queue.ts';

/** While the classifier works on a document, the list asks again this often. */
const CLASSIFYING_POLL_MS = 3_000;

/** The property's documents, grouped by family, with the drop zone to add more. */
export function PropertyDocuments({ propertyId }: { propertyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    trpc.files.list.infiniteQueryOptions(
      { propertyId, limit: 100 },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isClassifying)) ? CLASSIFYING_POLL_MS : false),
      },
    ),
  );

  const onUploaded = useCallback(() => {
    void queryClient.invalidateQueries(trpc.files.pathFilter());
    void queryClient.invalidateQueries(trpc.properties.get.queryFilter({ id: propertyId }));
  }, [queryClient, trpc, propertyId]);
  const queue = useUploadQueue(propertyId, onUploaded);

  const files = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    // The fiche's card gives the heading; this says how many there are.
    <section aria-label={files.length ? plural(files.length, 'document', 'documents') : 'Documents'} className="space-y-4">
      <UploadPanel queue={queue} />
      {list.isPending ? (
        <LoadingBlock lines={3} label="Chargement des documents…" />
      ) : list.isError ? (
        <FormError message={toFrenchError(list.error).message} />
      ) : files.length === 0 ? (
        <EmptyState icon={FolderOpen} title="Aucun document. Déposez les diagnostics, le mandat, les titres… ici" />
      ) : (
        <>
          <DocumentList files={files} propertyId={propertyId} />
          {list.hasNextPage ? (
            <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              Afficher plus de documents
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
