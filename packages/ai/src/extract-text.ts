/**
 * The text of a document, for classification: PDFs through Mozilla's PDF.js (pure JavaScript,
 * no native binary), plain text as is. Images, scans without a text layer and office files give
 * null: the caller then falls back on the file name.
 */

/** Classification reads titles and first pages; a 300-page règlement de copropriété needs no more. */
const MAX_PAGES = 12;
const MAX_CHARS = 60_000;

const isPdf = (mimeType: string, content: Buffer) =>
  mimeType === 'application/pdf' || content.subarray(0, 1024).includes('%PDF-');

const isText = (mimeType: string) => /^text\/|^application\/(?:json|xml)\b/.test(mimeType);

export async function extractText(input: { mimeType: string; content: Buffer }): Promise<string | null> {
  const mimeType = input.mimeType.toLowerCase();
  if (isText(mimeType)) return clean(input.content.toString('utf8'));
  if (!isPdf(mimeType, input.content)) return null;
  try {
    return clean(await pdfText(input.content));
  } catch {
    // A damaged or encrypted PDF is classified from its name, like a scan.
    return null;
  }
}

async function pdfText(content: Buffer): Promise<string> {
  // Loaded on first use: PDF.js is large, and importing this package must not cost its start-up.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // PDF.js takes ownership of (and detaches) the array it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(content), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; n++) {
      const page = await doc.getPage(n);
      const { items } = await page.getTextContent();
      const text = items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
      pages.push(text);
      length += text.length;
    }
    return pages.join('\n');
  } finally {
    await doc.destroy();
  }
}

function clean(text: string): string | null {
  const trimmed = text.replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim().slice(0, MAX_CHARS);
  return trimmed.length > 0 ? trimmed : null;
}
