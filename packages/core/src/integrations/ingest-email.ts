import type { GmailMessage } from '@monimmo/connectors';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import type { IncomingMessage } from './ingest-types.ts';

const HTML_TO_TEXT: HtmlToTextOptions = {
  // Lines stay as written: the triage reads "Le … a écrit :" and "> " lines to find the quoted thread.
  wordwrap: false,
  selectors: [
    // The text of a link is what the sender wrote; tracking URLs are noise for triage and search.
    { selector: 'a', options: { ignoreHref: true } },
    // Pictures inside an e-mail are logos and signatures; real ones arrive as attachments.
    { selector: 'img', format: 'skip' },
    // Cells side by side, not run together ("Charges120 €").
    { selector: 'table', format: 'dataTable', options: { maxColumnWidth: 200 } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

/** The readable text of an HTML-only e-mail: blocks and <br> become lines, a blockquote "> " lines. */
export function htmlToText(html: string): string {
  return (
    convert(html, HTML_TO_TEXT)
      // Non-breaking spaces (French typography) read as spaces: search and previews want plain ones.
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** An e-mail as the inbox keeps it; null for mail the agency sent itself. */
export function fromGmail(message: GmailMessage): IncomingMessage | null {
  if (message.labelIds.includes('SENT') && !message.labelIds.includes('INBOX')) return null;
  return {
    channel: 'GMAIL',
    externalId: message.id,
    fromName: message.from?.name || null,
    fromAddress: message.from?.address ?? '(expéditeur inconnu)',
    subject: message.subject || null,
    body: message.text ?? (message.html ? htmlToText(message.html) : ''),
    receivedAt: message.internalDate,
    // Pictures shown inside the HTML (logos, signatures) are decoration, not documents.
    attachments: message.attachments.flatMap((a, index) =>
      a.inline && a.mimeType.startsWith('image/')
        ? []
        : [{ externalId: `${message.id}:${index}`, fileName: a.fileName, label: 'Pièce jointe', load: async () => a.content }],
    ),
    voiceNote: null,
  };
}
