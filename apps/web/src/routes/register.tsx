import { registerInput } from '@monimmo/contract/schemas';
import { Link } from '@tanstack/react-router';
import { useRegister, useStartSession } from '../features/auth/use-sign-in.ts';
import { useApiForm } from '../lib/form.ts';
import { Button } from '../ui/button.tsx';
import { Field, FormError, Input } from '../ui/field.tsx';

export function RegisterScreen() {
  const register = useRegister();
  const start = useStartSession();
  const form = useApiForm(registerInput, {
    defaultValues: { organizationName: '', firstName: '', lastName: '', email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      await start(await register.mutateAsync(values));
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Créer votre agence</h1>
      <p className="mb-6 text-sm text-slate-600">Vous en serez l’administrateur et pourrez inviter vos collaborateurs.</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <Field label="Nom de l’agence" error={errors.organizationName?.message}>
          {(props) => <Input {...props} autoComplete="organization" {...form.register('organizationName')} />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Prénom" error={errors.firstName?.message}>
            {(props) => <Input {...props} autoComplete="given-name" {...form.register('firstName')} />}
          </Field>
          <Field label="Nom" error={errors.lastName?.message}>
            {(props) => <Input {...props} autoComplete="family-name" {...form.register('lastName')} />}
          </Field>
        </div>
        <Field label="Adresse e-mail" error={errors.email?.message}>
          {(props) => <Input {...props} type="email" autoComplete="email" {...form.register('email')} />}
        </Field>
        <Field label="Mot de passe" hint="Au moins 10 caractères." error={errors.password?.message}>
          {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.register('password')} />}
        </Field>
        <Button type="submit" className="w-full justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Création…' : 'Créer l’agence'}
        </Button>
      </form>
      <p className="mt-6 text-sm text-slate-600">
        Déjà un compte ?{' '}
        <Link to="/connexion" className="text-brand-700 underline">
          Se connecter
        </Link>
      </p>
    </>
  );
}
