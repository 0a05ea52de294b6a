// Small files whose bytes the API's sniffer recognises, built here rather than read from disk.

/** A one-page PDF: the header is what the sniffer reads; the rest keeps readers happy. */
export function pdfBytes(text = 'Document de test'): Uint8Array<ArrayBuffer> {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    `% ${text}`,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  return new Uint8Array(new TextEncoder().encode(body));
}

/** A JPEG header (SOI + JFIF APP0) and its end marker. */
export function jpegBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00, 0xff, 0xd9,
  ]);
}
