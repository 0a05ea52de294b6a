import { forgotPasswordInput } from '@monimmo/contract/schemas';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { MailCheck } from 'lucide-react';
import { useApiForm } from '../lib/form.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Button } from '../ui/button.tsx';
import { Field, FormError, Input } from '../ui/field.tsx';

export function ForgotPasswordScreen() {
  const trpc = useTRPC();
  const send = useMutation(trpc.auth.forgotPassword.mutationOptions());
  const form = useApiForm(forgotPasswordInput, { defaultValues: { email: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      await send.mutateAsync(values);
    } catch (error) {
      form.showError(error);
    }
  });

  if (send.isSuccess) {
    return (
      <div className="text-center">
        <MailCheck aria-hidden="true" className="mx-auto mb-3 h-10 w-10 text-brand-600" />
        <h1 className="mb-2 text-xl font-semibold">Vérifiez votre messagerie</h1>
        <p className="text-sm text-slate-600">
          Si un compte existe pour <strong>{send.variables.email}</strong>, un lien pour choisir un nouveau mot de passe vient d’y être
          envoyé.
        </p>
        <Link to="/connexion" className="mt-6 inline-block text-sm text-brand-700 hover:underline">
          Retour à la connexion
        </Link>
      </div>
    );
  }

  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Mot de passe oublié</h1>
      <p className="mb-6 text-sm text-slate-600">Indiquez votre adresse e-mail : nous vous enverrons un lien pour en choisir un nouveau.</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <Field label="Adresse e-mail" error={errors.email?.message}>
          {(props) => <Input {...props} type="email" autoComplete="email" {...form.register('email')} />}
        </Field>
        <Button type="submit" className="w-full justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Envoi…' : 'Recevoir le lien'}
        </Button>
      </form>
      <Link to="/connexion" className="mt-6 inline-block text-sm text-brand-700 hover:underline">
        Retour à la connexion
      </Link>
    </>
  );
}
