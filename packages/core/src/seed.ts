import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type {
  Actor,
  CreatePropertyInput,
  CreateUserInput,
  ParticipantRole,
  PropertyStatus,
  Services,
  TypeDocument,
} from '@monimmo/contract';
import { messages, properties, users, type Database } from '@monimmo/db';
import { and, eq } from 'drizzle-orm';

export const DEMO_LOGIN = { email: 'direction@vieuxport-immobilier.fr', password: 'Demo-Monimmo-2026' } as const;

const STAFF: CreateUserInput[] = [
  {
    accountType: 'AGENT',
    role: 'MANAGER',
    firstName: 'Julien',
    lastName: 'Roussel',
    email: 'julien.roussel@vieuxport-immobilier.fr',
    phone: '06 21 43 65 87',
    password: DEMO_LOGIN.password,
  },
  {
    accountType: 'AGENT',
    role: 'AGENT',
    firstName: 'Camille',
    lastName: 'Lefèbvre',
    email: 'camille.lefebvre@vieuxport-immobilier.fr',
    phone: '06 32 54 76 98',
    password: DEMO_LOGIN.password,
  },
];

const CONTACTS: CreateUserInput[] = [
  {
    accountType: 'CLIENT',
    firstName: 'Jean-Pierre',
    lastName: 'Fabre',
    email: 'jp.fabre@orange.fr',
    phone: '06 11 22 33 44',
    address: '14 rue Sainte',
    postalCode: '13001',
    city: 'Marseille',
  },
  {
    accountType: 'CLIENT',
    firstName: 'Nathalie',
    lastName: 'Girard',
    email: 'nathalie.girard@gmail.com',
    phone: '07 55 66 77 88',
    city: 'Aix-en-Provence',
    postalCode: '13100',
  },
  { accountType: 'CLIENT', firstName: 'Karim', lastName: 'Benali', phone: '06 98 76 54 32', city: 'Marseille', postalCode: '13007' },
  {
    accountType: 'CLIENT',
    firstName: 'Élise',
    lastName: 'Château',
    email: 'elise.chateau@free.fr',
    address: '3 boulevard Longchamp',
    postalCode: '13001',
    city: 'Marseille',
  },
  {
    accountType: 'NOTAIRE',
    firstName: 'Hélène',
    lastName: 'Castellane',
    email: 'h.castellane@notaires-marseille.fr',
    phone: '04 91 00 12 34',
    address: '25 cours Pierre Puget',
    postalCode: '13006',
    city: 'Marseille',
  },
];

interface DemoProperty {
  property: Omit<CreatePropertyInput, 'ownerUserId'> & { mandateNumber: string };
  /** E-mail (or "first last" name) of an existing demo contact as owner, else `property.owner`. */
  ownerRef?: string;
  /** Pipeline columns it went through after PROSPECTION, in order. */
  path: PropertyStatus[];
  participants: { ref: string; role: ParticipantRole }[];
  prospects: { ref: string; note: string }[];
  documents: { asset: string; fileName: string; typeDocument: TypeDocument }[];
}

const PROPERTIES: DemoProperty[] = [
  {
    property: {
      title: 'Appartement T3 lumineux, rue Sainte',
      address: '14 rue Sainte',
      postalCode: '13001',
      city: 'Marseille',
      price: 285000,
      mandateNumber: 'MV-2026-014',
      details: { surface: 68, rooms: 3, bedrooms: 2, floor: 2, elevator: false, dpeClass: 'D', balcony: true },
    },
    ownerRef: 'jp.fabre@orange.fr',
    path: ['MANDAT_SIGNE', 'EN_DIFFUSION', 'VISITES'],
    participants: [{ ref: 'h.castellane@notaires-marseille.fr', role: 'NOTAIRE' }],
    prospects: [
      { ref: 'nathalie.girard@gmail.com', note: 'Budget 300 000 €, prêt accordé en principe ; souhaite une seconde visite.' },
      { ref: 'Karim Benali', note: 'Investisseur, cherche un T3 à louer ; trouve le prix un peu élevé.' },
    ],
    documents: [
      { asset: 'dpe.pdf', fileName: 'DPE - 14 rue Sainte.pdf', typeDocument: 'DPE' },
      { asset: 'mandat.pdf', fileName: 'Mandat de vente MV-2026-014 signé.pdf', typeDocument: 'MANDAT_VENTE_SIGNE' },
      { asset: 'facade.jpg', fileName: 'Façade rue Sainte.jpg', typeDocument: 'PHOTOS_HD' },
    ],
  },
  {
    property: {
      title: 'Maison de ville avec jardin',
      address: '3 boulevard Longchamp',
      postalCode: '13001',
      city: 'Marseille',
      price: 495000,
      mandateNumber: 'MV-2026-021',
      details: { surface: 112, rooms: 5, bedrooms: 3, garden: 140, dpeClass: 'C' },
    },
    ownerRef: 'elise.chateau@free.fr',
    path: ['MANDAT_SIGNE'],
    participants: [],
    prospects: [],
    documents: [
      { asset: 'mandat.pdf', fileName: 'Mandat exclusif Longchamp.pdf', typeDocument: 'MANDAT_VENTE_SIGNE' },
      { asset: 'facade.jpg', fileName: 'Photo façade Longchamp.jpg', typeDocument: 'PHOTOS_HD' },
    ],
  },
  {
    property: {
      title: 'Studio étudiant proche Saint-Charles',
      address: '27 rue Bernard du Bois',
      postalCode: '13001',
      city: 'Marseille',
      price: 98000,
      mandateNumber: 'MV-2026-030',
      details: { surface: 21, rooms: 1, floor: 4, elevator: true, dpeClass: 'E' },
      owner: { firstName: 'Mathieu', lastName: 'Ollivier', email: 'mathieu.ollivier@laposte.net', phone: '06 47 12 85 30' },
    },
    path: [],
    participants: [],
    prospects: [],
    documents: [{ asset: 'facade.jpg', fileName: 'Studio - pièce principale.jpg', typeDocument: 'PHOTOS_HD' }],
  },
  {
    // Nothing known yet: the voice note of its first visit (seed-assets/visite-initiale-rue-paradis.m4a) fills it in.
    property: {
      title: 'Appartement rue Paradis',
      address: '5 rue Paradis',
      postalCode: '13001',
      city: 'Marseille',
      mandateNumber: 'MV-2026-041',
      owner: { firstName: 'Martine', lastName: 'Garnier', email: 'martine.garnier@gmail.com', phone: '06 72 18 44 90' },
    },
    path: [],
    participants: [],
    prospects: [],
    documents: [],
  },
  {
    property: {
      title: 'Villa vue mer avec piscine',
      address: '9 avenue de l’Amiral Ganteaume',
      postalCode: '13260',
      city: 'Cassis',
      price: 1250000,
      mandateNumber: 'MV-2026-007',
      details: { surface: 210, rooms: 7, bedrooms: 4, pool: true, seaView: true, dpeClass: 'B' },
      owner: { firstName: 'Claire', lastName: 'Daumas', email: 'claire.daumas@wanadoo.fr', phone: '06 80 44 21 09' },
    },
    path: ['MANDAT_SIGNE', 'EN_DIFFUSION', 'VISITES', 'OFFRES', 'COMPROMIS'],
    participants: [
      { ref: 'nathalie.girard@gmail.com', role: 'ACHETEUR' },
      { ref: 'h.castellane@notaires-marseille.fr', role: 'NOTAIRE' },
    ],
    prospects: [{ ref: 'nathalie.girard@gmail.com', note: 'Offre au prix acceptée le 2 octobre ; compromis signé.' }],
    documents: [
      { asset: 'dpe.pdf', fileName: 'DPE villa Cassis.pdf', typeDocument: 'DPE' },
      { asset: 'facade.jpg', fileName: 'Villa - vue de la terrasse.jpg', typeDocument: 'PHOTOS_HD' },
    ],
  },
];

interface DemoMessage {
  externalId: string;
  channel: 'GMAIL' | 'WHATSAPP';
  fromName: string;
  fromAddress: string;
  subject?: string;
  body: string;
  hoursAgo: number;
  attachment?: { asset: string; fileName: string };
}

/**
 * The inbox as triage finds it: some messages it attaches, some it leaves for a person. The mock
 * integrations bring other conversations with the same people, never copies of these.
 */
const MESSAGES: DemoMessage[] = [
  {
    externalId: 'demo-gmail-1',
    channel: 'GMAIL',
    fromName: 'Jean-Pierre Fabre',
    fromAddress: 'jp.fabre@orange.fr',
    subject: 'Re: Visites de cette semaine',
    body: "Bonjour Madame Marchand,\n\nMerci pour le compte rendu. Je suis d'accord pour baisser le prix à 279 000 € si la seconde visite de Mme Girard se passe bien.\n\nBien cordialement,\nJean-Pierre Fabre\n\nLe lun. 23 nov. 2026 à 18:02, Sophie Marchand <direction@vieuxport-immobilier.fr> a écrit :\n> Bonjour Monsieur Fabre,\n> Voici le compte rendu des visites de la semaine.",
    hoursAgo: 20,
  },
  {
    externalId: 'demo-whatsapp-1',
    channel: 'WHATSAPP',
    fromName: 'Karim Benali',
    fromAddress: '06 98 76 54 32',
    body: 'Bonjour, le T3 rue Sainte est toujours dispo ? Je peux repasser samedi matin.',
    hoursAgo: 6,
  },
  {
    externalId: 'demo-gmail-2',
    channel: 'GMAIL',
    fromName: 'Élise Château',
    fromAddress: 'elise.chateau@free.fr',
    subject: 'Photo du jardin pour l’annonce',
    body: 'Bonjour,\n\nComme promis, une photo du jardin prise ce week-end, au soleil : elle rendra mieux que celle de l’annonce.\n\nÉlise Château',
    hoursAgo: 30,
    attachment: { asset: 'facade.jpg', fileName: 'photo-jardin-longchamp.jpg' },
  },
  {
    externalId: 'demo-gmail-3',
    channel: 'GMAIL',
    fromName: 'Maître Hélène Castellane',
    fromAddress: 'h.castellane@notaires-marseille.fr',
    subject: 'Dossier de vente : pièces manquantes',
    body: "Chère Madame,\n\nPour avancer sur le dossier, il me manque encore l'état daté et les trois derniers procès-verbaux d'assemblée générale.\n\nMe Hélène Castellane, notaire",
    hoursAgo: 3,
  },
  {
    externalId: 'demo-gmail-4',
    channel: 'GMAIL',
    fromName: 'Paul Mercier',
    fromAddress: 'paul.mercier@gmail.com',
    subject: 'Recherche appartement',
    body: 'Bonjour,\n\nJe cherche un deux-pièces dans le 7e arrondissement, budget 250 000 €. Avez-vous quelque chose ?\n\nPaul',
    hoursAgo: 1,
  },
];

const asset = (name: string) => readFileSync(new URL(`./seed-assets/${name}`, import.meta.url));

/**
 * The demo agency, created through the services so it obeys the same rules as real data.
 * Idempotent: what already exists (matched by e-mail or name) is left as it is.
 */
export async function seedDemo(services: Services, database: Database): Promise<{ created: number }> {
  const { db } = database;
  let created = 0;
  const [existingAdmin] = await db.select().from(users).where(eq(users.emailNormalized, DEMO_LOGIN.email));
  let orgId = existingAdmin?.orgId;
  if (!orgId) {
    const session = await services.auth.register(
      {
        organizationName: 'Vieux-Port Immobilier',
        firstName: 'Sophie',
        lastName: 'Marchand',
        email: DEMO_LOGIN.email,
        password: DEMO_LOGIN.password,
        phone: '04 91 54 32 10',
      },
      { requestId: 'seed', ip: 'seed', userAgent: 'seed' },
    );
    orgId = session.organization.id;
    created += 1;
  }
  const [admin] = await db.select().from(users).where(eq(users.emailNormalized, DEMO_LOGIN.email));
  if (!admin?.role) throw new Error('demo administrator missing after registration');
  const actor: Actor = { userId: admin.id, orgId, role: admin.role, sessionId: 'seed' };

  for (const input of [...STAFF, ...CONTACTS]) {
    const match = input.email
      ? eq(users.emailNormalized, input.email.toLowerCase())
      : and(eq(users.firstName, input.firstName), eq(users.lastName, input.lastName));
    const [exists] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), match));
    if (exists) continue;
    await services.users.create(actor, input);
    created += 1;
  }

  const contactId = async (ref: string): Promise<string> => {
    const [first = '', ...rest] = ref.split(' ');
    const match = ref.includes('@')
      ? eq(users.emailNormalized, ref.toLowerCase())
      : and(eq(users.firstName, first), eq(users.lastName, rest.join(' ')));
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), match));
    if (!row) throw new Error(`demo contact ${ref} missing`);
    return row.id;
  };
  for (const demo of PROPERTIES) {
    const [exists] = await db
      .select({ id: properties.id })
      .from(properties)
      .where(and(eq(properties.orgId, orgId), eq(properties.mandateNumber, demo.property.mandateNumber)));
    if (exists) continue;
    const property = await services.properties.create(
      actor,
      demo.ownerRef ? { ...demo.property, owner: undefined, ownerUserId: await contactId(demo.ownerRef) } : demo.property,
    );
    for (const status of demo.path) await services.properties.changeStatus(actor, property.id, status);
    for (const p of demo.participants)
      await services.properties.addParticipant(actor, { id: property.id, userId: await contactId(p.ref), role: p.role });
    for (const p of demo.prospects)
      await services.properties.addProspect(actor, { id: property.id, userId: await contactId(p.ref), note: p.note });
    for (const d of demo.documents) {
      await services.files.uploadStream(actor, {
        body: Readable.from([asset(d.asset)]),
        fileName: d.fileName,
        declaredMimeType: undefined,
        propertyId: property.id,
        typeDocument: d.typeDocument,
      });
    }
    created += 1;
  }

  for (const m of MESSAGES) {
    const [exists] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.externalId, m.externalId)));
    if (exists) continue;
    const attachmentIds = m.attachment
      ? [
          (
            await services.files.uploadStream(actor, {
              body: Readable.from([asset(m.attachment.asset)]),
              fileName: m.attachment.fileName,
              declaredMimeType: undefined,
            })
          ).id,
        ]
      : [];
    await services.messages.create(actor, {
      channel: m.channel,
      externalId: m.externalId,
      fromName: m.fromName,
      fromAddress: m.fromAddress,
      ...(m.subject ? { subject: m.subject } : {}),
      body: m.body,
      receivedAt: new Date(Date.now() - m.hoursAgo * 3_600_000).toISOString(),
      attachmentIds,
    });
    created += 1;
  }
  return { created };
}
