import { describe, expect, it } from 'vitest';
import { agencyWithProperty } from '../../../test/document-scene.tsx';
import { jpegBytes, pdfBytes } from '../../../test/document-bytes.ts';
import { UploadError, uploadFile } from './upload-file.ts';

async function scene() {
  const { token, propertyId } = await agencyWithProperty();
  return { token, propertyId };
}

describe('uploadFile (the streaming upload route, through XMLHttpRequest)', () => {
  it('sends the raw bytes with the name, property and type, and answers the stored file', async () => {
    const { token, propertyId } = await scene();
    const file = new File([pdfBytes()], 'DPE – 12 rue Sainte.pdf', { type: 'application/pdf' });
    const upload = uploadFile({ file, propertyId, typeDocument: 'DPE', token, idempotencyKey: crypto.randomUUID() });
    const stored = await upload.promise;
    expect(stored).toMatchObject({
      fileName: 'DPE – 12 rue Sainte.pdf',
      propertyId,
      typeDocument: 'DPE',
      family: 'DIAGNOSTICS',
      size: file.size,
    });
  });

  it('answers the same file when an attempt is sent again with its key (no duplicate)', async () => {
    const { token, propertyId } = await scene();
    const file = new File([jpegBytes()], 'facade.jpg', { type: 'image/jpeg' });
    const key = crypto.randomUUID();
    const first = await uploadFile({ file, propertyId, token, idempotencyKey: key }).promise;
    const again = await uploadFile({ file, propertyId, token, idempotencyKey: key }).promise;
    expect(again.id).toBe(first.id);
    const list = await fetch(`/api/v1/files?propertyId=${propertyId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('rejects with the API body when the bytes contradict the declared type', async () => {
    const { token, propertyId } = await scene();
    const file = new File([jpegBytes()], 'plan.pdf', { type: 'application/pdf' });
    const error = await uploadFile({ file, propertyId, token, idempotencyKey: crypto.randomUUID() }).promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).status).toBe(415);
    expect((error as UploadError).body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { reason: 'MIME_TYPE_MISMATCH' } });
  });

  it('rejects as aborted when cancelled', async () => {
    const { token, propertyId } = await scene();
    const file = new File([pdfBytes()], 'mandat.pdf', { type: 'application/pdf' });
    const upload = uploadFile({ file, propertyId, token, idempotencyKey: crypto.randomUUID() });
    upload.abort();
    const error = await upload.promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).aborted).toBe(true);
  });
});
