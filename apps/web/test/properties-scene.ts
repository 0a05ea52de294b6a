import type { PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { accessTokenOf, type Credentials } from './app.tsx';

export interface SceneProperty {
  id: string;
  title: string;
  status: PropertyStatus;
}

export interface PropertySpec {
  title: string;
  city?: string;
  postalCode?: string;
  price?: number;
  status?: PropertyStatus;
}

/** REST calls as the agency's administrator, to set a scene the way a third party would. */
export async function restAs(credentials: Credentials) {
  const token = await accessTokenOf(credentials);
  let ownerId: string | undefined;
  let counter = 0;

  async function call<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
    const res = await fetch(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A property in the given column; the first one creates the owner, the others reuse it. */
  async function createProperty(spec: PropertySpec): Promise<SceneProperty> {
    const owner = ownerId
      ? { ownerUserId: ownerId }
      : { owner: { firstName: 'Jeanne', lastName: 'Dupont', email: `jeanne-${Date.now()}-${counter++}@exemple.test` } };
    const created = await call<{ id: string; participants: { contact: { id: string } }[] }>('/properties', 'POST', {
      title: spec.title,
      address: `${12 + counter++} rue de la République`,
      postalCode: spec.postalCode ?? '13001',
      city: spec.city ?? 'Marseille',
      ...(spec.price !== undefined ? { price: spec.price } : {}),
      ...owner,
    });
    ownerId ??= created.participants[0]!.contact.id;
    if (spec.status && spec.status !== 'PROSPECTION') await call(`/properties/${created.id}/status`, 'PATCH', { status: spec.status });
    return { id: created.id, title: spec.title, status: spec.status ?? 'PROSPECTION' };
  }

  const getProperty = (id: string) => call<{ id: string; status: PropertyStatus; title: string }>(`/properties/${id}`);

  return { call, createProperty, getProperty };
}
