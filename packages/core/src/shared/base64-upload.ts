import { AppError, invalidField } from '@monimmo/contract';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const invalidInput = invalidField;

/**
 * The bytes of the base64 compatibility form, checked: size refused before decoding (base64 is
 * 4 characters for every 3 bytes), alphabet, and the declared size against the decoded one.
 */
export function decodeBase64Upload(contentBase64: string, declaredSize: number, maxBytes: number): Buffer {
  const encoded = contentBase64.replace(/\s+/g, '');
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `Uploads sent as base64 are limited to ${maxBytes} bytes: use the streaming upload`, {
      limitBytes: maxBytes,
    });
  if (encoded.length > Math.ceil(maxBytes / 3) * 4) throw tooLarge();
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) throw invalidInput('contentBase64', 'not valid base64');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length > maxBytes) throw tooLarge();
  if (bytes.length !== declaredSize) throw invalidInput('size', `the content is ${bytes.length} bytes, not ${declaredSize}`);
  return bytes;
}

/** A streaming upload with the fields sent after its bytes applied (the host refuses one given twice). */
export async function withLateFields<Upload extends { lateFields?: Promise<Partial<Omit<Upload, 'lateFields'>>> | undefined }>(
  upload: Upload,
): Promise<Upload> {
  return upload.lateFields ? { ...upload, ...(await upload.lateFields), lateFields: undefined } : upload;
}
