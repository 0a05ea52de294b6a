// The labeled agency entered as its staff would: registered through the auth service, agents
// created and signed in, contacts, properties with details, status, participants and prospects.
import type { Actor, CreateUserInput, ParticipantRole, PropertyStatus, Services } from '../../packages/contract/src/index.ts';
import type { Agency, LabeledProperty, Person } from './data.ts';

const PASSWORD = 'Eval-Triage-2026';
const request = { requestId: 'eval-triage', ip: '127.0.0.1', userAgent: 'eval-triage' };

export interface SeededAgency {
  /** The first agent, who registered the agency (ADMIN). */
  admin: Actor;
  /** Every agent signed in, by first name (« Claire »…). */
  agents: Map<string, Actor>;
  /** Property id by the label's key, and back. */
  idByKey: Map<string, string>;
  keyById: Map<string, string>;
}

const personKey = (p: Person) => (p.email ? p.email.toLowerCase() : (p.phone ?? `${p.firstName} ${p.lastName}`));

async function signIn(services: Services, email: string): Promise<Actor> {
  const session = await services.auth.login({ email, password: PASSWORD }, request);
  return services.auth.authenticate(session.accessToken);
}

export async function seedAgency(services: Services, agency: Agency, properties: LabeledProperty[]): Promise<SeededAgency> {
  const [first, ...others] = agency.agency.agents;
  if (!first) throw new Error('the agency has no agent');
  await services.auth.register(
    { organizationName: agency.agency.name, firstName: first.firstName, lastName: first.lastName, email: first.email, password: PASSWORD },
    request,
  );
  const admin = await signIn(services, first.email);
  const agents = new Map([[first.firstName, admin]]);
  for (const agent of others) {
    await services.users.create(admin, { accountType: 'AGENT', role: 'AGENT', ...agent, password: PASSWORD });
    agents.set(agent.firstName, await signIn(services, agent.email));
  }
  const seeded: SeededAgency = { admin, agents, idByKey: new Map(), keyById: new Map() };
  await addProperties(services, admin, properties, seeded);
  return seeded;
}

/** Contacts are shared between properties (a notary, a buyer who visits two): each is created once. */
export async function addProperties(services: Services, actor: Actor, properties: LabeledProperty[], seeded: SeededAgency) {
  const contacts = new Map<string, string>();
  const contactId = async (person: Person, role?: ParticipantRole): Promise<string> => {
    const key = personKey(person);
    const known = contacts.get(key);
    if (known) return known;
    const input: CreateUserInput = {
      accountType: role === 'NOTAIRE' ? 'NOTAIRE' : 'CLIENT',
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.email ? { email: person.email } : {}),
      ...(person.phone ? { phone: person.phone } : {}),
    };
    const { id } = await services.users.create(actor, input);
    contacts.set(key, id);
    return id;
  };
  for (const labeled of properties) {
    const [owner, ...participants] = [
      ...labeled.participants.filter((p) => p.role === 'VENDEUR'),
      ...labeled.participants.filter((p) => p.role !== 'VENDEUR'),
    ];
    const property = await services.properties.create(actor, {
      title: labeled.title,
      address: labeled.address,
      postalCode: labeled.postalCode,
      city: labeled.city,
      ...(labeled.price != null ? { price: labeled.price } : {}),
      ...(labeled.mandateNumber ? { mandateNumber: labeled.mandateNumber } : {}),
      ...(labeled.details ? { details: labeled.details } : {}),
      ...(owner
        ? { ownerUserId: await contactId(owner, owner.role) }
        : { owner: { firstName: 'Propriétaire', lastName: labeled.title, email: `proprietaire.${labeled.key}@exemple.fr` } }),
    });
    if (labeled.status && labeled.status !== 'PROSPECTION')
      await services.properties.changeStatus(actor, property.id, labeled.status as PropertyStatus);
    for (const p of participants)
      await services.properties.addParticipant(actor, { id: property.id, userId: await contactId(p, p.role), role: p.role! });
    for (const p of labeled.prospects ?? []) await services.properties.addProspect(actor, { id: property.id, userId: await contactId(p) });
    seeded.idByKey.set(labeled.key, property.id);
    seeded.keyById.set(property.id, labeled.key);
  }
}
