import { accessTokenOf, type Credentials } from './app.tsx';

/** A REST call as a third party would make it, to set a scene or read a result back. */
export async function rest<T = unknown>(creds: Credentials, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${await accessTokenOf(creds)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface RestProperty {
  id: string;
  title: string;
  price: number | null;
  mandateNumber: string | null;
  details: Record<string, unknown>;
  participants: { id: string; role: string; contact: { id: string; firstName: string; lastName: string } }[];
}

/** A property with an inline owner, as the scenes need it. */
export function createProperty(creds: Credentials, extra: Record<string, unknown> = {}) {
  return rest<RestProperty>(creds, 'POST', '/properties', {
    title: 'Appartement rue Paradis',
    address: '12 rue Paradis',
    postalCode: '13001',
    city: 'Marseille',
    price: 365000,
    owner: { firstName: 'Paul', lastName: 'Durand', email: `paul.durand.${Date.now()}@exemple.fr`, phone: '06 12 34 56 78' },
    ...extra,
  });
}
