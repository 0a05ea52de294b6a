import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTRPC } from '../../lib/trpc.ts';
import { safeRedirect } from './redirect.ts';
import type { BrowserSession } from './session-store.ts';
import { useSessionStore } from './use-session.ts';

/** After a sign-in or an agency's creation: keep the session, go where the person was headed. */
export function useStartSession(redirect?: string) {
  const store = useSessionStore();
  const navigate = useNavigate();
  return async (session: BrowserSession) => {
    store.signIn(session);
    await navigate({ to: safeRedirect(redirect) });
  };
}

export function useLogin() {
  const trpc = useTRPC();
  return useMutation(trpc.session.login.mutationOptions());
}

export function useRegister() {
  const trpc = useTRPC();
  return useMutation(trpc.session.register.mutationOptions());
}
