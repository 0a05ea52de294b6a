import { parseHeaderValue } from 'nodemailer/lib/mime-funcs/index.js';
import { decodeWords } from 'postal-mime';

/** One MIME part as Gmail's `full` format describes it, with its transfer-decoded bytes. */
export interface MimePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: { name: string; value: string }[];
  /** Bytes after Content-Transfer-Encoding, still in their charset (what Gmail serves); null for a multipart. */
  bytes: Buffer | null;
  parts: MimePart[];
}

/** Splits an RFC 822 message into Gmail-style parts (partId '' for the root, then '0', '1', '1.0', …). */
export function splitMime(raw: Buffer, partId = ''): MimePart {
  const text = raw.toString('latin1');
  const separator = /\r?\n\r?\n/.exec(text);
  const headerText = separator ? text.slice(0, separator.index) : text;
  const bodyText = separator ? text.slice(separator.index + separator[0].length) : '';
  const headers = unfold(headerText);
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const contentType = parseHeaderValue(header('content-type') ?? 'text/plain', { stripComments: true });
  const mimeType = contentType.value.toLowerCase();
  const disposition = parseHeaderValue(header('content-disposition') ?? '', { stripComments: true });
  const filename = decodeWords(disposition.params.filename ?? contentType.params.name ?? '');
  const boundary = contentType.params.boundary;
  if (mimeType.startsWith('multipart/') && boundary) {
    const children = splitBody(bodyText, boundary).map((child, index) =>
      splitMime(Buffer.from(child, 'latin1'), partId ? `${partId}.${index}` : String(index)),
    );
    return { partId, mimeType, filename, headers, bytes: null, parts: children };
  }
  return { partId, mimeType, filename, headers, bytes: decodeTransfer(bodyText, header('content-transfer-encoding')), parts: [] };
}

function unfold(headerText: string): { name: string; value: string }[] {
  const headers: { name: string; value: string }[] = [];
  for (const line of headerText.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += line;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  // Header values are bytes: keep non-ASCII ones readable as UTF-8, as Gmail does.
  return headers.map((h) => ({ name: h.name, value: Buffer.from(h.value, 'latin1').toString('utf8') }));
}

function splitBody(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.trimEnd() === `--${boundary}--`) break;
    if (line.trimEnd() === `--${boundary}`) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeTransfer(body: string, encoding: string | undefined): Buffer {
  const name = (encoding ?? '7bit').trim().toLowerCase();
  if (name === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (name === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

function decodeQuotedPrintable(body: string): Buffer {
  const text = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}
