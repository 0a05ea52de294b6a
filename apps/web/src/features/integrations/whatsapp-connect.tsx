import { connectIntegrationInput } from '@monimmo/contract/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Field, FormError, Input } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';

/** The Cloud API credentials from Meta's console; they are sealed by the API and never shown again. */
export function WhatsAppConnectForm({ onConnected, onCancel }: { onConnected: (verifyToken: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useApiForm(connectIntegrationInput, {
    defaultValues: { provider: 'whatsapp', phoneNumberId: '', accessToken: '', appSecret: '', verifyToken: '' },
  });
  const connect = useMutation(trpc.integrations.connect.mutationOptions());
  const errors = form.formState.errors;

  const submit = form.handleSubmit(async (values) => {
    form.clearFormError();
    try {
      await connect.mutateAsync(values);
      await queryClient.invalidateQueries(trpc.integrations.pathFilter());
      notify('WhatsApp est connecté.', 'success');
      onConnected(values.verifyToken ?? '');
    } catch (error) {
      form.showError(error);
    }
  });

  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-3 border-t border-slate-200 pt-4" aria-label="Identifiants WhatsApp">
      <p className="text-sm text-slate-600">
        Dans la console Meta (WhatsApp › Configuration de l’API), copiez ces valeurs. Elles sont chiffrées et ne seront plus affichées.
      </p>
      <Field label="Identifiant du numéro de téléphone" error={errors.phoneNumberId?.message}>
        {(props) => <Input {...props} inputMode="numeric" autoComplete="off" {...form.register('phoneNumberId')} />}
      </Field>
      <Field label="Jeton d’accès" error={errors.accessToken?.message}>
        {(props) => <Input {...props} type="password" autoComplete="off" {...form.register('accessToken')} />}
      </Field>
      <Field label="Clé secrète de l’application" error={errors.appSecret?.message}>
        {(props) => <Input {...props} type="password" autoComplete="off" {...form.register('appSecret')} />}
      </Field>
      <Field
        label="Jeton de vérification du webhook"
        hint="Un mot de passe de votre choix (8 caractères au moins), à saisir aussi dans la console Meta."
        error={errors.verifyToken?.message}
      >
        {(props) => <Input {...props} autoComplete="off" {...form.register('verifyToken')} />}
      </Field>
      <FormError message={form.formError} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Connexion…' : 'Connecter WhatsApp'}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Annuler
        </Button>
      </div>
    </form>
  );
}
