// Voice notes through the product's pipeline: a WAV recording whose comment tag carries what was
// said (how the mock provider "hears"; a real transcriber would hear the speech), uploaded by an
// agent naming the property when the label has one, then transcribed, matched, typed and
// extracted by the pipeline's jobs.
import { Readable } from 'node:stream';
import { buildWav } from '../../packages/ai/test/testing/wav.ts';
import { addProperties, type SeededAgency } from './agency.ts';
import type { LabeledProperty, LabeledVocal } from './data.ts';
import type { Product } from './product.ts';

export interface VocalOutcome {
  item: LabeledVocal;
  status: string;
  vocalType: string | null;
  /** The first-visit facts the pipeline read from the note (written into the property when it had one). */
  fields: Record<string, unknown> | null;
  reviewReasons: string[];
  reasoning: string;
}

const propertyKey = (p: NonNullable<LabeledVocal['property']>) => `vocal:${p.address}|${p.postalCode}|${p.city}`.toLowerCase();

/** The properties the notes are about, each entered once like any other property of the agency. */
async function addVocalProperties(product: Product, agency: SeededAgency, items: LabeledVocal[]) {
  const missing = new Map<string, LabeledProperty>();
  for (const { property } of items) {
    if (!property || agency.idByKey.has(propertyKey(property)) || missing.has(propertyKey(property))) continue;
    const n = missing.size + 1;
    missing.set(propertyKey(property), {
      key: propertyKey(property),
      ...property,
      status: 'EN_DIFFUSION',
      participants: [{ role: 'VENDEUR', firstName: 'Propriétaire', lastName: `Vocal ${n}`, email: `proprietaire.vocal${n}@exemple.fr` }],
    });
  }
  await addProperties(product.services, agency.admin, [...missing.values()], agency);
}

export async function runVocals(product: Product, agency: SeededAgency, items: LabeledVocal[]): Promise<VocalOutcome[]> {
  const { services } = product;
  await addVocalProperties(product, agency, items);
  const uploaded: { item: LabeledVocal; id: string }[] = [];
  for (const item of items) {
    const propertyId = item.property ? agency.idByKey.get(propertyKey(item.property)) : undefined;
    const vocal = await services.vocals.uploadStream(agency.admin, {
      body: Readable.from([buildWav({ comment: item.transcript })]),
      fileName: `${item.id}.wav`,
      declaredMimeType: 'audio/wav',
      ...(propertyId ? { propertyId } : {}),
    });
    uploaded.push({ item, id: vocal.id });
  }
  await product.settle();
  const reviews = new Map<string, { reason: string; reasoning: string }[]>();
  let cursor: string | undefined;
  do {
    const page = await services.reviewQueue.list(agency.admin, { itemType: 'VOCAL', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const review of page.items)
      reviews.set(review.itemId, [
        ...(reviews.get(review.itemId) ?? []),
        { reason: review.reason, reasoning: String(review.payload.reasoning ?? review.payload.error ?? '') },
      ]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const outcomes: VocalOutcome[] = [];
  for (const { item, id } of uploaded) {
    const vocal = await services.vocals.get(agency.admin, id);
    const found = reviews.get(id) ?? [];
    outcomes.push({
      item,
      status: vocal.status,
      vocalType: vocal.vocalType,
      fields: (vocal.extraction?.fields as Record<string, unknown> | undefined) ?? null,
      reviewReasons: found.map((r) => r.reason).sort(),
      reasoning: found.map((r) => r.reasoning).join(' | '),
    });
  }
  return outcomes;
}
