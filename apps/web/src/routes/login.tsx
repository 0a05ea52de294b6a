import { loginInput } from '@monimmo/contract/schemas';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useLogin, useStartSession } from '../features/auth/use-sign-in.ts';
import { useSessionState } from '../features/auth/use-session.ts';
import { useApiForm } from '../lib/form.ts';
import { Button } from '../ui/button.tsx';
import { Field, FormError, Input } from '../ui/field.tsx';

const route = getRouteApi('/public/connexion');

const SIGNED_OUT_NOTICES = {
  expired: 'Votre session a expiré : reconnectez-vous.',
  reused: 'Par sécurité, vous avez été déconnecté de tous vos onglets. Reconnectez-vous.',
  logout: 'Vous êtes déconnecté.',
} as const;

export function LoginScreen() {
  const { redirect } = route.useSearch();
  const state = useSessionState();
  const login = useLogin();
  const start = useStartSession(redirect);
  const form = useApiForm(loginInput, { defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = form.formState;
  const notice = state.status === 'signedOut' && state.reason ? SIGNED_OUT_NOTICES[state.reason] : undefined;

  const onSubmit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      await start(await login.mutateAsync(values));
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Connexion</h1>
      <p className="mb-6 text-sm text-slate-600">Accédez aux biens et aux documents de votre agence.</p>
      {notice ? <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">{notice}</p> : null}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <Field label="Adresse e-mail" error={errors.email?.message}>
          {(props) => <Input {...props} type="email" autoComplete="username" {...form.register('email')} />}
        </Field>
        <Field label="Mot de passe" error={errors.password?.message}>
          {(props) => <Input {...props} type="password" autoComplete="current-password" {...form.register('password')} />}
        </Field>
        <Button type="submit" className="w-full justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Connexion…' : 'Se connecter'}
        </Button>
      </form>
      <div className="mt-6 flex flex-col gap-2 text-sm sm:flex-row sm:justify-between">
        <Link to="/mot-de-passe-oublie" className="text-brand-700 hover:underline">
          Mot de passe oublié ?
        </Link>
        <Link to="/creer-une-agence" className="text-brand-700 hover:underline">
          Créer une agence
        </Link>
      </div>
    </>
  );
}
