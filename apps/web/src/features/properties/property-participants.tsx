import { PARTICIPANT_ROLE_LABELS, PARTICIPANT_ROLES, type ParticipantRole } from '@monimmo/contract/vocabulary/lists';
import { useMutation } from '@tanstack/react-query';
import { Trash2, UserPlus, Users } from 'lucide-react';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { z } from 'zod';
import { toFrenchError } from '../../lib/errors.ts';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field, FormError, Select } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import {
  checkContactChoice,
  contactCheckParams,
  chosenContact,
  contactChoiceShape,
  emptyContactChoice,
} from '../contacts/contact-choice.ts';
import { ContactChoiceFields } from '../contacts/contact-choice-fields.tsx';
import { ContactLinks } from './contact-lines.tsx';
import { useRefreshProperty, type PropertyDetail } from './use-property.ts';

type Participant = PropertyDetail['participants'][number];

// Owners first, then the others in the vocabulary's order.
const byRole = (a: Participant, b: Participant) => PARTICIPANT_ROLES.indexOf(a.role) - PARTICIPANT_ROLES.indexOf(b.role);

/** Owners and the other people linked to the property, with their role. */
export function PropertyParticipants({ property }: { property: PropertyDetail }) {
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Participant | null>(null);
  const participants = [...property.participants].sort(byRole);
  return (
    <Card
      title="Participants"
      action={
        <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
          <UserPlus aria-hidden="true" className="h-4 w-4" />
          Ajouter un participant
        </Button>
      }
    >
      {participants.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <Users aria-hidden="true" className="h-4 w-4" />
          Personne n’est encore lié à ce bien : ajoutez son propriétaire.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {participants.map((participant) => (
            <ParticipantRow
              key={participant.id}
              propertyId={property.id}
              participant={participant}
              onRemove={() => setRemoving(participant)}
            />
          ))}
        </ul>
      )}
      <Dialog open={adding} onOpenChange={setAdding} title="Ajouter un participant" className="max-w-xl">
        {adding ? <AddParticipantForm propertyId={property.id} onDone={() => setAdding(false)} /> : null}
      </Dialog>
      {removing ? <RemoveParticipantDialog propertyId={property.id} participant={removing} onDone={() => setRemoving(null)} /> : null}
    </Card>
  );
}

function ParticipantRow({ propertyId, participant, onRemove }: { propertyId: string; participant: Participant; onRemove(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshProperty(propertyId);
  const changeRole = useMutation(trpc.properties.updateParticipant.mutationOptions());
  const name = `${participant.contact.firstName} ${participant.contact.lastName}`;

  async function onRoleChange(role: ParticipantRole) {
    try {
      await changeRole.mutateAsync({ id: propertyId, participantId: participant.id, role });
      await refresh();
      notify(`${name} : ${PARTICIPANT_ROLE_LABELS[role]}`, 'success');
    } catch (error) {
      notify(toFrenchError(error).message, 'error');
    }
  }

  return (
    <li className="flex flex-wrap items-start gap-x-3 gap-y-2 py-3 first:pt-0 last:pb-0">
      <div className="min-w-0 flex-1 basis-48">
        <p className="font-medium text-slate-900">{name}</p>
        <ContactLinks email={participant.contact.email} phone={participant.contact.phone} />
      </div>
      <div className="flex items-center gap-1">
        <Select
          aria-label={`Rôle de ${name}`}
          value={participant.role}
          disabled={changeRole.isPending}
          onChange={(event) => void onRoleChange(event.target.value as ParticipantRole)}
          className="h-8 w-auto py-0 pr-8 pl-2 text-xs"
        >
          {PARTICIPANT_ROLES.map((role) => (
            <option key={role} value={role}>
              {PARTICIPANT_ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
        <Button variant="ghost" size="icon" aria-label={`Retirer ${name} du bien`} title="Retirer du bien" onClick={onRemove}>
          <Trash2 aria-hidden="true" className="h-4 w-4" />
        </Button>
      </div>
    </li>
  );
}

function RemoveParticipantDialog({ propertyId, participant, onDone }: { propertyId: string; participant: Participant; onDone(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshProperty(propertyId);
  const remove = useMutation(trpc.properties.removeParticipant.mutationOptions());
  const [error, setError] = useState<string | undefined>();
  const name = `${participant.contact.firstName} ${participant.contact.lastName}`;

  async function confirm() {
    setError(undefined);
    try {
      await remove.mutateAsync({ id: propertyId, participantId: participant.id });
      await refresh();
      notify(`${name} n’est plus lié au bien`, 'success');
      onDone();
    } catch (failure) {
      setError(toFrenchError(failure).message);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onDone())}
      title={`Retirer ${name} ?`}
      description={`${name} (${PARTICIPANT_ROLE_LABELS[participant.role].toLowerCase()}) ne sera plus lié à ce bien. Sa fiche contact est conservée.`}
    >
      <div className="space-y-4">
        <FormError message={error} />
        <div className="flex flex-col-reverse gap-2 *:justify-center sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onDone}>
            Annuler
          </Button>
          <Button variant="danger" onClick={() => void confirm()} disabled={remove.isPending}>
            Retirer
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

const addParticipantSchema = z
  .object({ role: z.enum(PARTICIPANT_ROLES, { error: 'Choisissez un rôle.' }), ...contactChoiceShape })
  .superRefine(checkContactChoice, contactCheckParams);

function AddParticipantForm({ propertyId, onDone }: { propertyId: string; onDone(): void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refresh = useRefreshProperty(propertyId);
  const form = useApiForm(addParticipantSchema, { defaultValues: { role: 'ACHETEUR' as const, ...emptyContactChoice('existing') } });
  const errors = form.formState.errors;
  const add = useMutation(trpc.properties.addParticipant.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      const chosen = chosenContact(values);
      // A participant is one of the agency's contacts: a new one is created first (a notary as NOTAIRE).
      const userId =
        'userId' in chosen
          ? chosen.userId
          : (await client.users.create.mutate({ accountType: values.role === 'NOTAIRE' ? 'NOTAIRE' : 'CLIENT', ...chosen.contact })).id;
      const participant = await add.mutateAsync({ id: propertyId, userId, role: values.role });
      await refresh();
      notify(`${participant.contact.firstName} ${participant.contact.lastName} ajouté au bien`, 'success');
      onDone();
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={onSubmit} className="space-y-5">
        <Field label="Rôle" error={errors.role?.message}>
          {(props) => (
            <Select {...props} {...form.register('role')}>
              {PARTICIPANT_ROLES.map((role) => (
                <option key={role} value={role}>
                  {PARTICIPANT_ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <ContactChoiceFields legend="Contact" />
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
