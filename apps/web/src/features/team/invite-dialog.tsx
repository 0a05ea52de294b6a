import { createUserInput } from '@monimmo/contract/schemas';
import { STAFF_ROLE_LABELS, type StaffRole } from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { emptyAsUndefined } from '../../lib/empty-as-undefined.ts';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field, FormError, Input, Select } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';

/** « Inviter un collaborateur »: the new member receives an e-mail to choose a password. */
export function InviteButton({ roles }: { roles: StaffRole[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <UserPlus aria-hidden="true" className="h-4 w-4" />
        Inviter un collaborateur
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Inviter un collaborateur"
        description="Il recevra un e-mail pour choisir son mot de passe et activer son compte."
      >
        {open ? <InviteForm roles={roles} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function InviteForm({ roles, onDone }: { roles: StaffRole[]; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.users.create.mutationOptions());
  const form = useApiForm(createUserInput, { defaultValues: { accountType: 'AGENT', role: 'AGENT', firstName: '', lastName: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      const created = await create.mutateAsync(values);
      notify(`Invitation envoyée à ${created.email ?? `${created.firstName} ${created.lastName}`}`, 'success');
      await queryClient.invalidateQueries(trpc.users.pathFilter());
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
      </div>
      <Field label="Adresse e-mail" error={errors.email?.message}>
        {(props) => <Input {...props} type="email" autoComplete="off" {...form.register('email', emptyAsUndefined)} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Rôle" error={errors.role?.message}>
          {(props) => (
            <Select {...props} {...form.register('role')}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {STAFF_ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Téléphone (facultatif)" error={errors.phone?.message}>
          {(props) => <Input {...props} type="tel" autoComplete="off" {...form.register('phone', emptyAsUndefined)} />}
        </Field>
      </div>
      <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" className="justify-center" onClick={onDone}>
          Annuler
        </Button>
        <Button type="submit" className="justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Envoi…' : 'Envoyer l’invitation'}
        </Button>
      </div>
    </form>
  );
}
