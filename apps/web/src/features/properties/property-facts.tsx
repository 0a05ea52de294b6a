import { updatePropertyInput } from '@monimmo/contract/schemas';
import { useMutation } from '@tanstack/react-query';
import { Pencil } from 'lucide-react';
import { useState } from 'react';
import { z } from 'zod';
import { formatPrice } from '../../lib/format.ts';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field, FormError, Input, Select } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import {
  DETAIL_FIELDS,
  detailsFormSchema,
  detailsToForm,
  ENERGY_CLASS_OPTIONS,
  formatDetail,
  mergeDetails,
  PROPERTY_TYPE_OPTIONS,
  type DetailField,
} from './details.ts';
import { blank, required, typedNumber } from './form-values.ts';
import { useRefreshProperty, type PropertyDetail } from './use-property.ts';

const update = updatePropertyInput.shape;

const factsSchema = z.object({
  title: required(update.title.unwrap()),
  address: required(update.address.unwrap()),
  postalCode: required(update.postalCode.unwrap()),
  city: required(update.city.unwrap()),
  price: typedNumber(update.price.unwrap().unwrap(), 'Un montant en euros, en chiffres.'),
  mandateNumber: z.preprocess((v) => (blank(v) ? undefined : v), update.mandateNumber.unwrap().unwrap().optional()),
  details: detailsFormSchema,
});

/** The property's facts, read as labelled values, or edited in place after « Modifier ». */
export function PropertyFacts({ property }: { property: PropertyDetail }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card
      title="Informations"
      action={
        editing ? null : (
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            <Pencil aria-hidden="true" className="h-4 w-4" />
            Modifier
          </Button>
        )
      }
    >
      {editing ? <FactsForm property={property} onDone={() => setEditing(false)} /> : <FactsView property={property} />}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={value ? 'text-sm text-slate-900 break-words' : 'text-sm text-slate-500'}>{value ?? 'Non renseigné'}</dd>
    </div>
  );
}

function FactsView({ property }: { property: PropertyDetail }) {
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
        <Fact label="Adresse" value={`${property.address}, ${property.postalCode} ${property.city}`} />
        <Fact label="Prix" value={property.price == null ? null : formatPrice(property.price)} />
        <Fact label="Numéro de mandat" value={property.mandateNumber} />
      </dl>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 border-t border-slate-100 pt-4 sm:grid-cols-3">
        {DETAIL_FIELDS.map((field) => (
          <Fact key={field.key} label={field.label} value={formatDetail(field.key, property.details[field.key])} />
        ))}
      </dl>
    </div>
  );
}

function FactsForm({ property, onDone }: { property: PropertyDetail; onDone(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshProperty(property.id);
  const save = useMutation(trpc.properties.update.mutationOptions());
  // The inputs hold strings; the schema turns them into the API's values.
  const form = useApiForm(factsSchema, {
    defaultValues: {
      title: property.title,
      address: property.address,
      postalCode: property.postalCode,
      city: property.city,
      price: property.price == null ? '' : String(property.price),
      mandateNumber: property.mandateNumber ?? '',
      details: detailsToForm(property.details),
    } as never,
  });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      const saved = await save.mutateAsync({
        id: property.id,
        title: values.title,
        address: values.address,
        postalCode: values.postalCode,
        city: values.city,
        // A cleared price or mandate number is removed.
        price: values.price ?? null,
        mandateNumber: values.mandateNumber ?? null,
        details: mergeDetails(property.details, values.details),
      });
      await refresh(saved);
      notify('Informations enregistrées', 'success');
      onDone();
    } catch (error) {
      form.showError(error);
    }
  });

  const detailError = (key: string) => (errors.details as Record<string, { message?: string }> | undefined)?.[key]?.message;

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5">
      <div className="grid gap-3 sm:grid-cols-6">
        <Field label="Titre" error={errors.title?.message} className="sm:col-span-6">
          {(props) => <Input {...props} {...form.register('title')} />}
        </Field>
        <Field label="Adresse" error={errors.address?.message} className="sm:col-span-6">
          {(props) => <Input {...props} {...form.register('address')} />}
        </Field>
        <Field label="Code postal" error={errors.postalCode?.message} className="sm:col-span-2">
          {(props) => <Input inputMode="numeric" {...props} {...form.register('postalCode')} />}
        </Field>
        <Field label="Ville" error={errors.city?.message} className="sm:col-span-4">
          {(props) => <Input {...props} {...form.register('city')} />}
        </Field>
        <Field label="Prix (€)" error={errors.price?.message} className="sm:col-span-3">
          {(props) => <Input inputMode="numeric" {...props} {...form.register('price')} />}
        </Field>
        <Field label="Numéro de mandat" error={errors.mandateNumber?.message} className="sm:col-span-3">
          {(props) => <Input {...props} {...form.register('mandateNumber')} />}
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3 border-t border-slate-100 pt-4 sm:grid-cols-3">
        {DETAIL_FIELDS.map((field) => (
          <Field
            key={field.key}
            label={field.inputLabel ?? field.label}
            error={detailError(field.key)}
            {...(field.hint ? { hint: field.hint } : {})}
          >
            {(props) => <DetailInput field={field} props={{ ...props, ...form.register(`details.${field.key}` as 'details') }} />}
          </Field>
        ))}
      </div>
      <FormError message={form.formError} />
      <div className="flex flex-col-reverse gap-2 *:justify-center sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onDone}>
          Annuler
        </Button>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Enregistrement…' : 'Enregistrer'}
        </Button>
      </div>
    </form>
  );
}

function DetailInput({ field, props }: { field: DetailField; props: Record<string, unknown> }) {
  switch (field.kind) {
    case 'boolean':
      return (
        <Select {...props}>
          <option value="">Non renseigné</option>
          <option value="true">Oui</option>
          <option value="false">Non</option>
        </Select>
      );
    case 'propertyType':
    case 'energyClass': {
      const options = field.kind === 'propertyType' ? PROPERTY_TYPE_OPTIONS : ENERGY_CLASS_OPTIONS;
      return (
        <Select {...props}>
          <option value="">Non renseigné</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {field.kind === 'energyClass' ? o.value : o.label}
            </option>
          ))}
        </Select>
      );
    }
    default:
      return <Input inputMode={field.kind === 'decimal' ? 'decimal' : 'numeric'} {...props} />;
  }
}
