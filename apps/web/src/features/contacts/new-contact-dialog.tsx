import { createUserInput } from '@monimmo/contract/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { emptyAsUndefined } from '../../lib/empty-as-undefined.ts';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field, FormError, Input } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';

/** « Nouveau contact »: a client of the agency, reachable by e-mail or phone. */
export function NewContactButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="h-4 w-4" />
        Nouveau contact
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Nouveau contact" description="Un e-mail ou un téléphone suffit pour le joindre.">
        {open ? <NewContactForm onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function NewContactForm({ onDone }: { onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.users.create.mutationOptions());
  const form = useApiForm(createUserInput, { defaultValues: { accountType: 'CLIENT', firstName: '', lastName: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      const created = await create.mutateAsync(values);
      notify(`Contact ${created.firstName} ${created.lastName} créé.`, 'success');
      await queryClient.invalidateQueries(trpc.users.list.pathFilter());
      onDone();
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={form.formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Prénom" error={errors.firstName?.message}>
          {(props) => <Input {...props} autoComplete="off" {...form.register('firstName')} />}
        </Field>
        <Field label="Nom" error={errors.lastName?.message}>
          {(props) => <Input {...props} autoComplete="off" {...form.register('lastName')} />}
        </Field>
        <Field label="Adresse e-mail" error={errors.email?.message}>
          {(props) => <Input {...props} type="email" autoComplete="off" {...form.register('email', emptyAsUndefined)} />}
        </Field>
        <Field label="Téléphone" error={errors.phone?.message}>
          {(props) => <Input {...props} type="tel" autoComplete="off" {...form.register('phone', emptyAsUndefined)} />}
        </Field>
      </div>
      <Field label="Adresse" error={errors.address?.message}>
        {(props) => <Input {...props} autoComplete="off" {...form.register('address', emptyAsUndefined)} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
        <Field label="Code postal" error={errors.postalCode?.message}>
          {(props) => <Input {...props} inputMode="numeric" autoComplete="off" {...form.register('postalCode', emptyAsUndefined)} />}
        </Field>
        <Field label="Ville" error={errors.city?.message}>
          {(props) => <Input {...props} autoComplete="off" {...form.register('city', emptyAsUndefined)} />}
        </Field>
      </div>
      <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" className="justify-center" onClick={onDone}>
          Annuler
        </Button>
        <Button type="submit" className="justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Création…' : 'Créer le contact'}
        </Button>
      </div>
    </form>
  );
}
