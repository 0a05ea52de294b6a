import PostalMime, { addressParser, decodeWords, type Address } from 'postal-mime';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailAttachment {
  fileName: string;
  mimeType: string;
  size: number;
  content: Buffer;
  /** Shown inside the HTML (a logo, a signature picture) rather than attached by the sender. */
  inline: boolean;
}

/** An e-mail decoded to UTF-8 text and byte-exact attachments. */
export interface ParsedMail {
  messageId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: MailAttachment[];
}

/** Decodes an RFC 822 message: transfer encodings, charsets, RFC 2047 words and RFC 2231 file names. */
export async function parseRawMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  const date = mail.date && !Number.isNaN(Date.parse(mail.date)) ? new Date(mail.date).toISOString() : null;
  return {
    messageId: mail.messageId ?? null,
    from: mail.from ? (mailboxes([mail.from])[0] ?? null) : null,
    to: mailboxes(mail.to),
    cc: mailboxes(mail.cc),
    subject: repairWindows1252(mail.subject ?? ''),
    date,
    text: mail.text === undefined ? null : repairWindows1252(mail.text),
    html: mail.html === undefined ? null : repairWindows1252(mail.html),
    attachments: mail.attachments.map((a, index) => {
      // attachmentEncoding 'arraybuffer' above: content is always an ArrayBuffer.
      const content = Buffer.from(a.content as ArrayBuffer);
      return {
        fileName: a.filename ? repairWindows1252(a.filename) : defaultFileName(index, a.mimeType),
        mimeType: a.mimeType,
        size: content.length,
        content,
        inline: a.disposition === 'inline' || a.related === true,
      };
    }),
  };
}

/** Header values as Gmail's `full` format gives them: possibly still RFC 2047 encoded. */
export function decodeHeader(value: string | undefined): string {
  return value ? repairWindows1252(decodeWords(value).trim()) : '';
}

export function parseAddressList(value: string | undefined): MailAddress[] {
  return value ? mailboxes(addressParser(value)) : [];
}

/** Body bytes in their declared charset; an unknown label falls back to windows-1252, the usual liar. */
export function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return repairWindows1252(new TextDecoder(charset).decode(bytes));
  } catch {
    return repairWindows1252(new TextDecoder('windows-1252').decode(bytes));
  }
}

// windows-1252 bytes 0x80-0x9F (€ ’ œ – … in French mail from Outlook); unassigned ones stay as they are.
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Node 20's TextDecoder (and so postal-mime) reads windows-1252 and Latin-1 labelled text as strict
 * ISO-8859-1, turning € ’ œ – into invisible C1 controls. The WHATWG Encoding standard maps those
 * labels to windows-1252, and C1 controls never occur in real mail text, so they are mapped back.
 */
export function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] as string);
}

export function defaultFileName(index: number, mimeType: string): string {
  const extension = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png', 'text/plain': '.txt' }[mimeType] ?? '';
  return `piece-jointe-${index + 1}${extension}`;
}

function mailboxes(list: Address[] | undefined): MailAddress[] {
  return (list ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((m) => ({ name: repairWindows1252(m.name), address: m.address }));
}
