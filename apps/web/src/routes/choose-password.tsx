import { passwordSchema } from '@monimmo/contract/schemas';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CircleCheck, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { z } from 'zod';
import { useApiForm } from '../lib/form.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Button } from '../ui/button.tsx';
import { Field, FormError, Input } from '../ui/field.tsx';

const choosePasswordForm = z
  .object({ password: passwordSchema, confirmation: z.string() })
  .refine((v) => v.password === v.confirmation, { path: ['confirmation'], message: 'Les deux mots de passe diffèrent.' });

/** The token the e-mail link carries after `#`: read once, then taken out of the address bar. */
function useLinkToken(): string | undefined {
  const [token] = useState(() => {
    const found = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
    if (found) window.history.replaceState(window.history.state, '', window.location.pathname);
    return found;
  });
  return token;
}

const TEXTS = {
  reset: {
    title: 'Nouveau mot de passe',
    intro: 'Choisissez le mot de passe que vous utiliserez désormais. Vos autres sessions seront fermées.',
    submit: 'Enregistrer le mot de passe',
    done: 'Votre mot de passe est enregistré. Connectez-vous avec celui-ci.',
  },
  invitation: {
    title: 'Choisir mon mot de passe',
    intro: 'Votre agence vous a invité sur Monimmo. Choisissez votre mot de passe pour activer votre compte.',
    submit: 'Activer mon compte',
    done: 'Votre compte est activé. Connectez-vous avec votre adresse e-mail et ce mot de passe.',
  },
} as const;

function ChoosePassword({ kind }: { kind: keyof typeof TEXTS }) {
  const texts = TEXTS[kind];
  const token = useLinkToken();
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const form = useApiForm(choosePasswordForm, { defaultValues: { password: '', confirmation: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    form.clearFormError();
    try {
      await reset.mutateAsync({ token: token ?? '', password });
    } catch (error) {
      form.showError(error);
    }
  });

  if (!token) {
    return (
      <div className="text-center">
        <TriangleAlert aria-hidden="true" className="mx-auto mb-3 h-10 w-10 text-amber-500" />
        <h1 className="mb-2 text-xl font-semibold">Lien incomplet</h1>
        <p className="text-sm text-slate-600">Ouvrez le lien reçu par e-mail en entier, ou demandez-en un nouveau.</p>
        <Link to="/mot-de-passe-oublie" className="mt-6 inline-block text-sm text-brand-700 hover:underline">
          Demander un nouveau lien
        </Link>
      </div>
    );
  }

  if (reset.isSuccess) {
    return (
      <div className="text-center">
        <CircleCheck aria-hidden="true" className="mx-auto mb-3 h-10 w-10 text-emerald-600" />
        <h1 className="mb-2 text-xl font-semibold">C’est fait</h1>
        <p className="text-sm text-slate-600">{texts.done}</p>
        <Link to="/connexion" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          Se connecter
        </Link>
      </div>
    );
  }

  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{texts.title}</h1>
      <p className="mb-6 text-sm text-slate-600">{texts.intro}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <Field label="Mot de passe" hint="Au moins 10 caractères." error={errors.password?.message}>
          {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.register('password')} />}
        </Field>
        <Field label="Confirmation" error={errors.confirmation?.message}>
          {(props) => <Input {...props} type="password" autoComplete="new-password" {...form.register('confirmation')} />}
        </Field>
        <Button type="submit" className="w-full justify-center" disabled={isSubmitting}>
          {isSubmitting ? 'Enregistrement…' : texts.submit}
        </Button>
      </form>
    </>
  );
}

export const ResetPasswordScreen = () => <ChoosePassword kind="reset" />;
export const InvitationScreen = () => <ChoosePassword kind="invitation" />;
