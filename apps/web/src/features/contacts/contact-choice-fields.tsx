import { X } from 'lucide-react';
import { useState } from 'react';
import { useFormContext, type FieldErrors } from 'react-hook-form';
import { Button } from '../../ui/button.tsx';
import { Field, Input } from '../../ui/field.tsx';
import { cn } from '../../lib/cn.ts';
import type { ContactChoiceValues } from './contact-choice.ts';
import { ContactPicker, type PickedContact } from './contact-picker.tsx';

/**
 * Inside a form (FormProvider) whose values include ContactChoiceValues: the switch between an
 * existing contact (the picker) and a new one (its fields).
 */
export function ContactChoiceFields({
  legend,
  newLabel = 'Nouveau contact',
  existingLabel = 'Contact existant',
}: {
  legend: string;
  newLabel?: string;
  existingLabel?: string;
}) {
  const form = useFormContext<ContactChoiceValues>();
  const mode = form.watch('contactMode');
  const [picked, setPicked] = useState<PickedContact | null>(null);
  const errors: FieldErrors<ContactChoiceValues> = form.formState.errors;

  const choose = (contact: PickedContact | null) => {
    setPicked(contact);
    form.setValue('contactId', contact?.id ?? '', { shouldValidate: form.formState.isSubmitted });
  };

  const options = [
    { value: 'new', label: newLabel },
    { value: 'existing', label: existingLabel },
  ] as const;

  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 text-sm font-semibold text-slate-900">{legend}</legend>
      <div className="inline-flex rounded-lg border border-slate-300 bg-slate-50 p-0.5">
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              'cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600',
              mode === option.value ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
            )}
          >
            <input type="radio" value={option.value} className="sr-only" {...form.register('contactMode')} />
            {option.label}
          </label>
        ))}
      </div>

      {mode === 'existing' ? (
        picked ? (
          <div className="flex items-start justify-between gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
            <div className="min-w-0 text-sm">
              <p className="font-medium text-slate-900">
                {picked.firstName} {picked.lastName}
              </p>
              <p className="truncate text-slate-600">{[picked.email, picked.phone].filter(Boolean).join(' · ')}</p>
            </div>
            <Button variant="ghost" size="sm" onClick={() => choose(null)}>
              <X aria-hidden="true" className="h-4 w-4" />
              Changer
            </Button>
          </div>
        ) : (
          <ContactPicker label="Rechercher un contact" onSelect={choose} error={errors.contactId?.message} />
        )
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Prénom" error={errors.contact?.firstName?.message}>
            {(props) => <Input autoComplete="off" {...props} {...form.register('contact.firstName')} />}
          </Field>
          <Field label="Nom" error={errors.contact?.lastName?.message}>
            {(props) => <Input autoComplete="off" {...props} {...form.register('contact.lastName')} />}
          </Field>
          <Field label="E-mail" error={errors.contact?.email?.message}>
            {(props) => <Input type="email" autoComplete="off" {...props} {...form.register('contact.email')} />}
          </Field>
          <Field label="Téléphone" error={errors.contact?.phone?.message} hint="Un e-mail ou un téléphone suffit.">
            {(props) => <Input type="tel" autoComplete="off" {...props} {...form.register('contact.phone')} />}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
