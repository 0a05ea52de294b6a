// Real PDFs for the labeled documents (pdf-lib): one page per \f-separated part of the text, with a
// text layer; an empty text gives a scan without one (a picture of a page, no characters).
import { PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib';

const PAGE: [number, number] = [595, 842];
const MARGIN = 50;

/** Helvetica speaks WinAnsi: a character outside it is written as its unaccented base, or a space. */
function encodable(font: PDFFont, text: string, cache: Map<string, string>): string {
  let out = '';
  for (const ch of text) {
    let kept = cache.get(ch);
    if (kept === undefined) {
      const tries = [ch, ch.normalize('NFD').replace(/\p{Diacritic}/gu, ''), ' '];
      kept = tries.find((t) => {
        try {
          font.encodeText(t);
          return true;
        } catch {
          return false;
        }
      })!;
      cache.set(ch, kept);
    }
    out += kept;
  }
  return out;
}

function wrap(font: PDFFont, paragraph: string, size: number): string[] {
  const width = PAGE[0] - 2 * MARGIN;
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return [...lines, line];
}

export async function pdfOf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  if (!text.trim()) {
    pdf.addPage(PAGE).drawRectangle({ x: MARGIN, y: 400, width: 300, height: 200, color: rgb(0.8, 0.8, 0.8) });
    return Buffer.from(await pdf.save());
  }
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const cache = new Map<string, string>();
  for (const part of text.split('\f')) {
    const page = pdf.addPage(PAGE);
    const paragraphs = encodable(font, part, cache).split('\n');
    // A long page is set smaller rather than spilling onto a page the label does not have.
    let size = 10;
    let lines = paragraphs.flatMap((p) => wrap(font, p, size));
    while (size > 5 && lines.length * size * 1.5 > PAGE[1] - 2 * MARGIN) {
      size -= 1;
      lines = paragraphs.flatMap((p) => wrap(font, p, size));
    }
    let y = PAGE[1] - MARGIN;
    for (const line of lines) {
      if (line) page.drawText(line, { x: MARGIN, y, size, font });
      y -= size * 1.5;
    }
  }
  return Buffer.from(await pdf.save());
}
