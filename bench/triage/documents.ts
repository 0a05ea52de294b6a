// Documents uploaded as real bytes through the files service (what the REST upload and the mail
// integrations call), without a type, so the product's classification job decides it.
import { Readable } from 'node:stream';
import type { SeededAgency } from './agency.ts';
import type { LabeledDocument } from './data.ts';
import { imageBytes } from './images.ts';
import { pdfOf } from './pdf.ts';
import type { Product } from './product.ts';

export interface DocumentOutcome {
  item: LabeledDocument;
  status: string;
  typeDocument: string | null;
  /** The classification's reasoning, when it left the document for a person (kept on the review item). */
  reasoning: string;
}

export async function bytesOf(doc: LabeledDocument): Promise<Buffer> {
  if (doc.mimeType === 'application/pdf') return pdfOf(doc.text);
  if (doc.mimeType.startsWith('image/') && doc.image) return imageBytes(doc.mimeType, doc.image);
  if (doc.mimeType.startsWith('text/')) return Buffer.from(doc.text, 'utf8');
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
  const reasonings = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await services.reviewQueue.list(agency.admin, { itemType: 'FILE', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const review of page.items) reasonings.set(review.itemId, String(review.payload.reasoning ?? review.payload.error ?? ''));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const outcomes: DocumentOutcome[] = [];
  for (const { item, id } of uploaded) {
    const file = await services.files.get(agency.admin, id);
    outcomes.push({ item, status: file.status, typeDocument: file.typeDocument, reasoning: reasonings.get(id) ?? '' });
  }
  return outcomes;
}
