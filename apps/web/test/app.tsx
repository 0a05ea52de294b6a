import { render } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { QueryClient } from '@tanstack/react-query';
import { inject, vi } from 'vitest';
import { createApp } from '../src/app.tsx';
import type { BrowserSession } from '../src/features/auth/session-store.ts';

/** The page's own address is the API's, so the app's relative URLs reach it as in production. */
export function pointAtRealApi(path = '/'): string {
  const url = inject('apiUrl');
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${url}${path}`);
  return url;
}

export interface Credentials {
  email: string;
  password: string;
}

/** The whole app at a path, talking to the real API, as a person would see it (signed in when asked). */
export async function renderApp(path: string, options: { signedInAs?: Credentials } = {}) {
  // The address bar shows the path too: screens reading `#token=…` from an e-mail link see it.
  pointAtRealApi(path);
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
const randomAddress = () => `10.${Array.from(crypto.getRandomValues(new Uint8Array(3))).join('.')}`;

/**
 * A new agency through the public API: its administrator's credentials and session. Each comes
 * from an address of its own (the test API trusts its loopback proxy), as agencies do: the
 * sign-up limit per address is for people, not for a suite that creates dozens.
 */
export async function registerAgency(name = 'Agence Test'): Promise<Credentials & { session: BrowserSession }> {
  pointAtRealApi();
  counter += 1;
  const email = `admin-${Date.now()}-${counter}@agence.test`;
  const password = 'un-mot-de-passe-solide';
  const res = await fetch('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
    body: JSON.stringify({ organizationName: name, firstName: 'Claire', lastName: 'Martin', email, password }),
  });
  if (!res.ok) throw new Error(`register answered ${res.status}`);
  return { email, password, session: (await res.json()) as BrowserSession };
}

/** A new agency; returns its administrator's credentials. */
export async function signUpAgency(name = 'Agence Test'): Promise<Credentials> {
  const { email, password } = await registerAgency(name);
  return { email, password };
}

export interface DeliveredMail {
  to: string;
  subject: string;
  text: string;
}

/** The last e-mail the API delivered to this address (secrets in clear, as the recipient reads it). */
export function lastMailTo(address: string): Promise<DeliveredMail> {
  // Delivery follows the commit in the background: ask again until it is there.
  return vi.waitFor(async () => {
    const res = await fetch(inject('mailboxUrl'));
    const last = ((await res.json()) as DeliveredMail[]).filter((mail) => mail.to === address).at(-1);
    if (!last) throw new Error(`no e-mail delivered to ${address}`);
    return last;
  });
}
