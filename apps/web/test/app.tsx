import { render } from '@testing-library/react';
import { createMemoryHistory } from '@tanstack/react-router';
import { QueryClient } from '@tanstack/react-query';
import { inject } from 'vitest';
import { createApp } from '../src/app.tsx';

/** The page's own address is the API's, so the app's relative URLs reach it as in production. */
export function pointAtRealApi(): string {
  const url = inject('apiUrl');
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${url}/`);
  return url;
}

/** The whole app at a path, talking to the real API, as a person would see it. */
export function renderApp(path: string) {
  pointAtRealApi();
  const app = createApp({
    history: createMemoryHistory({ initialEntries: [path] }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }),
  });
  const view = render(<app.App />);
  return { ...app, view };
}

let counter = 0;
/** A new agency through the public API; returns its administrator's credentials. */
export async function signUpAgency(name = 'Agence Test'): Promise<{ email: string; password: string }> {
  const email = `admin-${Date.now()}-${counter++}@agence.test`;
  const password = 'un-mot-de-passe-solide';
  const res = await fetch('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: name, firstName: 'Claire', lastName: 'Martin', email, password }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}`);
  return { email, password };
}
