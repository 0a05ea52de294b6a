import { render } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { QueryClient } from '@tanstack/react-query';
import { inject } from 'vitest';
import { createApp } from '../src/app.tsx';
import type { BrowserSession } from '../src/features/auth/session-store.ts';

/** The page's own address is the API's, so the app's relative URLs reach it as in production. */
export function pointAtRealApi(): string {
  const url = inject('apiUrl');
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${url}/`);
  return url;
}

export interface Credentials {
  email: string;
  password: string;
}

/** The whole app at a path, talking to the real API, as a person would see it (signed in when asked). */
export async function renderApp(path: string, options: { signedInAs?: Credentials } = {}) {
  pointAtRealApi();
  const app = createApp({
    history: createMemoryHistory({ initialEntries: [path] }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }),
  });
  // Signed in through the JSON route: no cookie needed for a test's few minutes.
  if (options.signedInAs) app.session.signIn(await sessionOf(options.signedInAs));
  const view = render(<app.App />);
  return { ...app, view };
}

async function sessionOf(credentials: Credentials): Promise<BrowserSession> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return (await res.json()) as BrowserSession;
}

/** An access token for direct API calls that set a scene (REST, as a third party would). */
export async function accessTokenOf(credentials: Credentials): Promise<string> {
  return (await sessionOf(credentials)).accessToken;
}

let counter = 0;
/** A new agency through the public API; returns its administrator's credentials. */
export async function signUpAgency(name = 'Agence Test'): Promise<Credentials> {
  const email = `admin-${Date.now()}-${counter++}@agence.test`;
  const password = 'un-mot-de-passe-solide';
  const res = await fetch('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: name, firstName: 'Claire', lastName: 'Martin', email, password }),
  });
  // The register route answers 200 (no successStatus in its metadata).
  if (!res.ok) throw new Error(`register answered ${res.status}`);
  return { email, password };
}
