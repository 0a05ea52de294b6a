/**
 * The text of a document, for classification: PDFs through Mozilla's PDF.js (pure JavaScript,
 * no native binary), plain text as is. Images, scans without a text layer and office files give
 * null: the caller then falls back on the file name. A PDF's pages are separated by a form feed
 * ("\f"), so that a bundle of several documents can be read page by page.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Classification reads titles and first pages; a 300-page règlement de copropriété needs no more. */
const MAX_PAGES = 12;
const MAX_CHARS = 60_000;
/** A PDF that keeps PDF.js busy longer than this is read as having no text (and its worker replaced). */
const PDF_TIMEOUT_MS = 30_000;

const isPdf = (mimeType: string, content: Buffer) => mimeType === 'application/pdf' || content.subarray(0, 1024).includes('%PDF-');

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

/**
 * PDF.js runs in a worker thread: it replaces JSON.stringify (slower, with a lower nesting limit)
 * and installs canvas polyfills in whatever realm loads it, which must not be the API's. The
 * worker's code is evaluated from this string so that the tsup bundles of the hosts need no file
 * beside them; pdfjs-dist stays external to them and is resolved here, from this module.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { maxPages, maxChars } = workerData;
let pdfjs;
async function read(data) {
  pdfjs ??= import(workerData.pdfjsUrl);
  const { getDocument } = await pdfjs;
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, maxPages) && length < maxChars; n++) {
      const page = await doc.getPage(n);
      const { items } = await page.getTextContent();
      const text = items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : ' ') : '')).join('');
      pages.push(text);
      length += text.length;
    }
    return pages.join('\\f');
  } finally {
    await doc.destroy();
  }
}
parentPort.on('message', ({ id, data }) => {
  read(data).then(
    (text) => parentPort.postMessage({ id, text }),
    (error) => parentPort.postMessage({ id, error: String(error && error.message || error) }),
  );
});
`;

interface Pending {
  resolve(text: string): void;
  reject(error: Error): void;
}

/** One worker, started on the first PDF; its requests run concurrently inside it. */
let current: { worker: Worker; pending: Map<number, Pending> } | undefined;
let nextId = 0;

function pdfWorker(): NonNullable<typeof current> {
  if (current) return current;
  // Resolved from this module: the hosts' bundles keep pdfjs-dist external, in their own node_modules.
  const pdfjsUrl = pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  // stdout/stderr kept from the process: PDF.js warns there about canvas polyfills text extraction never uses.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pdfjsUrl, maxPages: MAX_PAGES, maxChars: MAX_CHARS },
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  // An idle worker does not keep a process alive; a request's timer does while it waits.
  worker.unref();
  const self = { worker, pending: new Map<number, Pending>() };
  worker.on('message', ({ id, text, error }: { id: number; text?: string; error?: string }) => {
    const request = self.pending.get(id);
    self.pending.delete(id);
    if (error !== undefined) request?.reject(new Error(error));
    else request?.resolve(text ?? '');
  });
  const stop = (error: Error) => {
    if (current === self) current = undefined;
    for (const request of self.pending.values()) request.reject(error);
    self.pending.clear();
  };
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`the PDF worker stopped (exit code ${code})`)));
  current = self;
  return self;
}

/** Ends the PDF worker thread, if one runs (at shutdown: its piped output would keep the process up). */
export async function stopPdfWorker(): Promise<void> {
  const running = current;
  current = undefined;
  await running?.worker.terminate();
}

async function pdfText(content: Buffer): Promise<string> {
  const { worker, pending } = pdfWorker();
  const id = (nextId += 1);
  // PDF.js takes ownership of (and detaches) the array it is given: hand over a copy.
  const data = new Uint8Array(content);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      timer = setTimeout(() => {
        reject(new Error(`PDF text extraction took more than ${PDF_TIMEOUT_MS} ms`));
        // Stuck on this document: the next one gets a fresh worker.
        void worker.terminate();
      }, PDF_TIMEOUT_MS);
      worker.postMessage({ id, data }, [data.buffer]);
    });
  } finally {
    clearTimeout(timer);
    pending.delete(id);
  }
}

/** Runs of blanks, blanks at line ends and empty lines removed, page by page; null when no page has any text. */
function clean(text: string): string | null {
  const pages = text
    .slice(0, MAX_CHARS)
    .split('\f')
    .map((page) =>
      page
        .replace(/[ \t]+/g, ' ')
        .replace(/ ?\n[\n ]*/g, '\n')
        .trim(),
    );
  return pages.some((page) => page.length > 0) ? pages.join('\f') : null;
}
