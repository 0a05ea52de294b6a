import { INTEGRATION_PROVIDER_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { LoaderCircle, TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { forgetConsentAnswer, readConsentAnswer } from '../features/integrations/consent-answer.ts';
import { apiErrorData, toFrenchError } from '../lib/errors.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Button } from '../ui/button.tsx';
import { notify } from '../ui/toast.tsx';

const SLUG_LABELS: Record<string, string> = {
  gmail: INTEGRATION_PROVIDER_LABELS.GMAIL,
  'google-calendar': INTEGRATION_PROVIDER_LABELS.GOOGLE_CALENDAR,
};

/** Back from Google's consent: completes the connection, then returns to the integrations with the outcome. */
export function GoogleCallbackScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const complete = useMutation(trpc.integrations.completeGoogleConsent.mutationOptions());
  const [answer] = useState(readConsentAnswer);
  const [problem, setProblem] = useState<string | null>(
    answer ? null : 'Ce retour de Google a déjà servi ou est incomplet : recommencez la connexion depuis Intégrations.',
  );
  // Once per visit, even when an effect runs twice.
  const started = useRef(false);

  useEffect(() => {
    if (!answer || started.current) return;
    started.current = true;
    forgetConsentAnswer();
    const backToIntegrations = async (message: string, tone: 'success' | 'info') => {
      notify(message, tone);
      await queryClient.invalidateQueries(trpc.integrations.pathFilter());
      await navigate({ to: '/integrations', replace: true });
    };
    complete.mutate(answer, {
      onSuccess: (integration) => {
        const label = INTEGRATION_PROVIDER_LABELS[integration.provider];
        void backToIntegrations(`${label} est connecté : première synchronisation en cours.`, 'success');
      },
      onError: (error) => {
        const details = apiErrorData(error)?.details;
        const label = SLUG_LABELS[String(details?.provider)];
        if (details?.reason === 'OAUTH_CONSENT_DENIED' && label) {
          void backToIntegrations(`Vous avez refusé l’accès à Google : ${label} n’est pas connecté.`, 'info');
        } else setProblem(toFrenchError(error).message);
      },
    });
  }, [answer, complete, navigate, queryClient, trpc]);

  if (problem) {
    return (
      <div className="text-center">
        <TriangleAlert aria-hidden="true" className="mx-auto mb-3 h-10 w-10 text-amber-500" />
        <h1 className="mb-2 text-xl font-semibold">Connexion à Google non aboutie</h1>
        <p role="alert" className="text-sm text-slate-600">
          {problem}
        </p>
        <Button asChild className="mt-6">
          <Link to="/integrations">Retour aux intégrations</Link>
        </Button>
      </div>
    );
  }
  return (
    <div role="status" className="flex flex-col items-center text-center">
      <LoaderCircle aria-hidden="true" className="mb-3 h-10 w-10 animate-spin text-brand-600" />
      <h1 className="text-xl font-semibold">Connexion à Google en cours…</h1>
    </div>
  );
}
