import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MailAddress } from '../mime.ts';

export interface EmailSpec {
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  subject: string;
  date: Date;
  text?: string;
  html?: string;
  /** Transfer encoding of the text parts; the encoded headers use the matching RFC 2047 flavour (Q or B). */
  encoding?: 'quoted-printable' | 'base64';
  /** iso-8859-1 writes the bodies and the encoded headers in Latin-1, as older mail clients still do. */
  charset?: 'utf-8' | 'iso-8859-1';
  attachments?: { fileName: string; mimeType: string; content: Buffer }[];
  messageId?: string;
}

/** An RFC 822 message as a real mail client would send it (CRLF, encoded headers, RFC 2231 file names). */
export async function composeEmail(spec: EmailSpec): Promise<Buffer> {
  const encoding = spec.encoding ?? 'quoted-printable';
  const latin1 = spec.charset === 'iso-8859-1';
  const seed = createHash('sha256').update(`${spec.from.address}|${spec.subject}|${spec.date.toISOString()}`).digest('hex');
  const domain = spec.from.address.split('@')[1] ?? 'example.fr';
  const body = (content: string, type: 'plain' | 'html') =>
    latin1
      ? { content: Buffer.from(content, 'latin1'), contentType: `text/${type}; charset=iso-8859-1`, contentTransferEncoding: encoding }
      : { content, contentType: `text/${type}; charset=utf-8`, contentTransferEncoding: encoding };
  const composer = new MailComposer({
    subject: spec.subject,
    from: spec.from,
    to: spec.to,
    ...(spec.cc ? { cc: spec.cc } : {}),
    date: spec.date,
    messageId: spec.messageId ?? `<${seed.slice(0, 24)}@${domain}>`,
    textEncoding: encoding === 'base64' ? 'B' : 'Q',
    baseBoundary: seed.slice(0, 16),
    newline: 'win',
    // Bodies given as alternatives keep their declared charset (`text` would force UTF-8).
    alternatives: [
      ...(spec.text === undefined ? [] : [body(spec.text, 'plain')]),
      ...(spec.html === undefined ? [] : [body(spec.html, 'html')]),
    ],
    attachments: (spec.attachments ?? []).map((a) => ({
      filename: a.fileName,
      contentType: a.mimeType,
      content: a.content,
      contentTransferEncoding: 'base64',
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  if (!latin1) return root.build();
  // nodemailer encodes headers in UTF-8 only: the Latin-1 subject goes in as a prepared value, and
  // the From line (which it always formats itself) is rewritten in the built header block.
  root.setHeader('Subject', { prepared: true, value: latin1Word(spec.subject) });
  const raw = (await root.build()).toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).replace(/^From: .*(\r\n[ \t].*)*/m, `From: ${latin1Word(spec.from.name)} <${spec.from.address}>`);
  return Buffer.from(head + raw.slice(end), 'latin1');
}

/** An RFC 2047 Q word in ISO-8859-1, or the text as is when it is plain ASCII. */
function latin1Word(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const encoded = [...Buffer.from(text, 'latin1')]
    .map((b) =>
      b === 0x20
        ? '_'
        : /[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return `=?ISO-8859-1?Q?${encoded}?=`;
}
