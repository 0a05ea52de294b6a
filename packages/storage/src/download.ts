import { AppError } from '@monimmo/contract/errors';

/**
 * Lone surrogates (valid in JSON strings) made into U+FFFD, as any UTF-8 encoding would: else
 * encodeURIComponent throws, and a URL would not carry the exact string that was signed.
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<utf-8>` (RFC 6266 + RFC 5987): old clients
 * read the ASCII fallback, every current browser the exact UTF-8 name.
 */
export function contentDisposition(fileName: string): string {
  // No path (a browser would drop it anyway) and no control characters (header injection).
  const printable = [...wellFormed(fileName)].filter((c) => c >= ' ' && c !== '\x7f').join('');
  const base = printable.split(/[/\\]/).pop()?.trim() || 'download';
  const ascii =
    base
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A header value as is: printable ASCII, like `application/pdf` or `text/plain; charset=utf-8`. */
export function checkContentType(contentType: string): void {
  if (!/^[\w.+-]+\/[\w.+-]+(?:\s*;[\x20-\x7e]*)?$/.test(contentType) || contentType.length > 255) {
    throw new AppError('BAD_REQUEST', 'Invalid content type');
  }
}

/** The TTL bounds of SigV4 presigned URLs, applied to both implementations alike. */
export function checkExpiresIn(expiresInSeconds: number): void {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 7 * 24 * 3600) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to 604800, got ${expiresInSeconds}`);
  }
}
