import { addProspectInput } from '@monimmo/contract/schemas';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { z } from 'zod';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';
import { Field, FormError, Textarea } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import {
  checkContactChoice,
  contactCheckParams,
  chosenContact,
  contactChoiceShape,
  emptyContactChoice,
  linkedExistingMessage,
} from '../contacts/contact-choice.ts';
import { ContactChoiceFields } from '../contacts/contact-choice-fields.tsx';
import { ContactLinks } from './contact-lines.tsx';
import { typedText } from './form-values.ts';
import { useRefreshProperty, type PropertyDetail } from './use-property.ts';

type Prospect = RouterOutputs['properties']['listProspects']['items'][number];

/** How many of the newest prospects the fiche shows; the rest are in « Voir tous ». */
const SHOWN = 5;

/** Buyers interested in the property: how many, the newest, and the way to add one. */
export function PropertyProspects({ property }: { property: PropertyDetail }) {
  const [adding, setAdding] = useState(false);
  const [seeingAll, setSeeingAll] = useState(false);
  const shown = property.recentProspects.slice(0, SHOWN);
  return (
    <Card
      title="Prospects"
      action={
        <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
          <UserPlus aria-hidden="true" className="h-4 w-4" />
          Ajouter un prospect
        </Button>
      }
    >
      {property.prospectCount === 0 ? (
        <p className="text-sm text-slate-600">Aucun acheteur intéressé pour l’instant. Ajoutez-en un dès qu’un contact se manifeste.</p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">{plural(property.prospectCount, 'acheteur intéressé', 'acheteurs intéressés')}</p>
          <ProspectList prospects={shown} />
          {property.prospectCount > shown.length ? (
            <Button variant="ghost" size="sm" className="mt-3" onClick={() => setSeeingAll(true)}>
              Voir tous les prospects ({property.prospectCount})
            </Button>
          ) : null}
        </>
      )}
      <Dialog open={adding} onOpenChange={setAdding} title="Ajouter un prospect" className="max-w-xl">
        {adding ? <AddProspectForm propertyId={property.id} onDone={() => setAdding(false)} /> : null}
      </Dialog>
      <Dialog open={seeingAll} onOpenChange={setSeeingAll} title={`Prospects de « ${property.title} »`} className="max-w-xl">
        {seeingAll ? <AllProspects propertyId={property.id} /> : null}
      </Dialog>
    </Card>
  );
}

function ProspectList({ prospects }: { prospects: Prospect[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {prospects.map((prospect) => (
        <li key={prospect.id} className="py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <p className="font-medium text-slate-900">
              {prospect.contact.firstName} {prospect.contact.lastName}
            </p>
            <p className="text-xs text-slate-500">
              depuis le <time dateTime={prospect.createdAt}>{formatDate(prospect.createdAt)}</time>
            </p>
          </div>
          <ContactLinks email={prospect.contact.email} phone={prospect.contact.phone} />
          {prospect.note ? <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{prospect.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function AllProspects({ propertyId }: { propertyId: string }) {
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.properties.listProspects.infiniteQueryOptions({ id: propertyId, limit: 20 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  if (pages.isPending) return <LoadingBlock lines={3} />;
  if (pages.isError) return <FormError message="Impossible de charger les prospects. Réessayez." />;
  return (
    <div className="space-y-3">
      <ProspectList prospects={pages.data.pages.flatMap((page) => page.items)} />
      {pages.hasNextPage ? (
        <Button variant="secondary" size="sm" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Chargement…' : 'Afficher plus'}
        </Button>
      ) : null}
    </div>
  );
}

const addProspectSchema = z
  .object({ note: typedText(addProspectInput.shape.note.unwrap()), ...contactChoiceShape })
  .superRefine(checkContactChoice, contactCheckParams);

function AddProspectForm({ propertyId, onDone }: { propertyId: string; onDone(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshProperty(propertyId);
  const form = useApiForm(addProspectSchema, { defaultValues: { note: '', ...emptyContactChoice('existing') } as never });
  const errors = form.formState.errors;
  const add = useMutation(trpc.properties.addProspect.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      const prospect = await add.mutateAsync({ id: propertyId, ...chosenContact(values), ...(values.note ? { note: values.note } : {}) });
      await refresh();
      const name = `${prospect.contact.firstName} ${prospect.contact.lastName}`;
      notify(`${name} ajouté aux prospects`, 'success');
      if (prospect.contactResolution?.outcome === 'LINKED_EXISTING') {
        notify(linkedExistingMessage(name, prospect.contactResolution.ignoredFields), 'info');
      }
      onDone();
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={onSubmit} className="space-y-5">
        <ContactChoiceFields legend="Acheteur" newLabel="Nouveau client" />
        <Field label="Note" error={errors.note?.message} hint="Budget, critères, disponibilités… (facultatif)">
          {(props) => <Textarea rows={3} {...props} {...form.register('note')} />}
        </Field>
        <FormError message={form.formError} />
        <div className="flex flex-col-reverse gap-2 *:justify-center sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            Ajouter
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
