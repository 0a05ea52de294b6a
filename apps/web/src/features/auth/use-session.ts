import { createContext, useContext, useSyncExternalStore } from 'react';
import type { BrowserSession, SessionState, SessionStore } from './session-store.ts';

export const SessionContext = createContext<SessionStore | null>(null);

export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('SessionContext missing');
  return store;
}

export function useSessionState(): SessionState {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The signed-in person; only for screens behind the sign-in guard. */
export function useSession(): BrowserSession {
  const state = useSessionState();
  if (state.status !== 'signedIn') throw new Error('useSession outside a signed-in screen');
  return state.session;
}

/** Whether the person may manage staff (invite, change roles): the API refuses the others anyway. */
export const canManageStaff = (session: BrowserSession): boolean => session.user.role === 'ADMIN' || session.user.role === 'MANAGER';
