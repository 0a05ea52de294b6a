import { createPropertyInput } from '@monimmo/contract/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { FormProvider } from 'react-hook-form';
import { z } from 'zod';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Field, FormError, Input, Select } from '../../ui/field.tsx';
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
import { detailsFormSchema, PROPERTY_TYPE_OPTIONS } from './details.ts';
import { defined, required, typedNumber, typedText } from './form-values.ts';

const create = createPropertyInput.shape;

const newPropertySchema = z
  .object({
    title: required(create.title),
    address: required(create.address),
    postalCode: required(create.postalCode),
    city: required(create.city),
    price: typedNumber(create.price.unwrap(), 'Un montant en euros, en chiffres.'),
    mandateNumber: typedText(create.mandateNumber.unwrap()),
    propertyType: detailsFormSchema.shape.propertyType,
    surface: detailsFormSchema.shape.surface,
    rooms: detailsFormSchema.shape.rooms,
    ...contactChoiceShape,
  })
  .superRefine(checkContactChoice, contactCheckParams);

const emptyForm = {
  title: '',
  address: '',
  postalCode: '',
  city: '',
  price: '',
  mandateNumber: '',
  propertyType: '',
  surface: '',
  rooms: '',
  ...emptyContactChoice('new'),
};

/** The creation form: title, address, price, facts and the owner (new or existing). */
export function NewPropertyForm({ onDone }: { onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The inputs hold strings; the schema turns them into the API's values.
  const form = useApiForm(newPropertySchema, { defaultValues: emptyForm as never });
  const errors = form.formState.errors;
  const createProperty = useMutation(trpc.properties.create.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    const chosen = chosenContact(values);
    try {
      const created = await createProperty.mutateAsync({
        title: values.title,
        address: values.address,
        postalCode: values.postalCode,
        city: values.city,
        ...defined({ price: values.price, mandateNumber: values.mandateNumber }),
        ...(values.propertyType || values.surface !== undefined || values.rooms !== undefined
          ? { details: defined({ propertyType: values.propertyType, surface: values.surface, rooms: values.rooms }) }
          : {}),
        ...('userId' in chosen ? { ownerUserId: chosen.userId } : { owner: chosen.contact }),
      });
      await queryClient.invalidateQueries(trpc.properties.pathFilter());
      notify('Bien créé', 'success');
      const resolution = created.ownerResolution;
      if (resolution?.outcome === 'LINKED_EXISTING') {
        const owner = created.owners.find((o) => o.id === resolution.contactId);
        notify(linkedExistingMessage(owner ? `${owner.firstName} ${owner.lastName}` : 'Le propriétaire', resolution.ignoredFields), 'info');
      }
      onDone();
      await navigate({ to: '/biens/$propertyId', params: { propertyId: created.id } });
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={onSubmit} className="space-y-5">
        <div className="grid gap-3 sm:grid-cols-6">
          <Field label="Titre" error={errors.title?.message} className="sm:col-span-6" hint="Par exemple « Appartement T3 rue Paradis »">
            {(props) => <Input autoFocus {...props} {...form.register('title')} />}
          </Field>
          <Field label="Adresse" error={errors.address?.message} className="sm:col-span-6">
            {(props) => <Input autoComplete="street-address" {...props} {...form.register('address')} />}
          </Field>
          <Field label="Code postal" error={errors.postalCode?.message} className="sm:col-span-2">
            {(props) => <Input inputMode="numeric" autoComplete="postal-code" {...props} {...form.register('postalCode')} />}
          </Field>
          <Field label="Ville" error={errors.city?.message} className="sm:col-span-4">
            {(props) => <Input autoComplete="address-level2" {...props} {...form.register('city')} />}
          </Field>
          <Field label="Prix (€)" error={errors.price?.message} className="sm:col-span-3">
            {(props) => <Input inputMode="numeric" placeholder="365 000" {...props} {...form.register('price')} />}
          </Field>
          <Field label="Numéro de mandat" error={errors.mandateNumber?.message} className="sm:col-span-3" hint="Facultatif">
            {(props) => <Input {...props} {...form.register('mandateNumber')} />}
          </Field>
          <Field label="Type de bien" error={errors.propertyType?.message} className="sm:col-span-2">
            {(props) => (
              <Select {...props} {...form.register('propertyType')}>
                <option value="">Non précisé</option>
                {PROPERTY_TYPE_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Surface (m²)" error={errors.surface?.message} className="sm:col-span-2">
            {(props) => <Input inputMode="decimal" {...props} {...form.register('surface')} />}
          </Field>
          <Field label="Pièces" error={errors.rooms?.message} className="sm:col-span-2">
            {(props) => <Input inputMode="numeric" {...props} {...form.register('rooms')} />}
          </Field>
        </div>

        <ContactChoiceFields legend="Propriétaire" newLabel="Nouveau propriétaire" />

        <FormError message={form.formError} />
        <div className="flex flex-col-reverse gap-2 *:justify-center sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Création…' : 'Créer le bien'}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
