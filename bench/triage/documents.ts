// Documents uploaded as real bytes through the files service (what the REST upload and the mail
// integrations call), without a type, so the product's classification job decides it.
import { Readable } from 'node:stream';
import type { SeededAgency } from './agency.ts';
import type { LabeledDocument } from './data.ts';
import { imageWithMetadata } from '../../packages/ai/test/testing/index.ts';
import { pdfOf } from './pdf.ts';
import type { Product } from './product.ts';

export interface DocumentOutcome {
  item: LabeledDocument;
  status: string;
  typeDocument: string | null;
  /** The classification's reasoning, when it left the document for a person (kept on the review item). */
  reasoning: string;
  /** The review item's reason (FILE_PROCESSING_ERROR: classification failed on every attempt). */
  reason: string | null;
}

/** A photo whose labels give no metadata is a messaging app's copy: a plain picture, no EXIF. */
const STRIPPED = { width: 1200, height: 1600, make: '', model: '', dateTimeOriginal: '' };

export async function bytesOf(doc: LabeledDocument): Promise<Buffer> {
  if (doc.mimeType === 'application/pdf') return pdfOf(doc.text);
  if (doc.mimeType.startsWith('image/')) return imageWithMetadata(doc.mimeType, doc.image ?? STRIPPED);
  throw new Error(`${doc.id}: no way to build ${doc.mimeType} bytes`);
}

export async function runDocuments(product: Product, agency: SeededAgency, items: LabeledDocument[]): Promise<DocumentOutcome[]> {
  const { services } = product;
  const uploaded: { item: LabeledDocument; id: string }[] = [];
  for (const item of items) {
    const file = await services.files.uploadStream(agency.admin, {
      body: Readable.from([await bytesOf(item)]),
      fileName: item.fileName,
      declaredMimeType: item.mimeType,
    });
    uploaded.push({ item, id: file.id });
  }
  await product.settle();
  const reviews = new Map<string, { reason: string; reasoning: string }>();
  let cursor: string | undefined;
  do {
    const page = await services.reviewQueue.list(agency.admin, { itemType: 'FILE', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const review of page.items)
      reviews.set(review.itemId, { reason: review.reason, reasoning: String(review.payload.reasoning ?? review.payload.error ?? '') });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const outcomes: DocumentOutcome[] = [];
  for (const { item, id } of uploaded) {
    const file = await services.files.get(agency.admin, id);
    const review = reviews.get(id);
    outcomes.push({
      item,
      status: file.status,
      typeDocument: file.typeDocument,
      reasoning: review?.reasoning ?? '',
      reason: review?.reason ?? null,
    });
  }
  return outcomes;
}
