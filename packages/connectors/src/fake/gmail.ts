import PostalMime from 'postal-mime';
import { composeEmail, type EmailSpec } from './compose.ts';
import { decodeToken, encodeToken, googleError, json } from './http.ts';
import { splitMime, type MimePart } from './mime-tree.ts';

export interface StoredEmail {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  historyId: number;
  raw: Buffer;
  tree: MimePart;
  snippet: string;
}

export interface AddEmailOptions {
  labelIds?: string[];
  /** When Gmail received it; the Date header otherwise. */
  receivedAt?: Date;
  threadId?: string;
}

export interface FakeGmailOptions {
  emailAddress?: string;
  /** Page size ceiling whatever maxResults asks, so small sample sets still page. */
  maxPageSize?: number;
  now?: () => number;
}

interface ListCursor {
  d: number;
  i: string;
}

/** A Gmail mailbox behind users.getProfile, messages.list/get, attachments.get and history.list. */
export class FakeGmail {
  readonly emailAddress: string;
  private readonly maxPageSize: number;
  private readonly now: () => number;
  private readonly messages = new Map<string, StoredEmail>();
  private readonly history: { id: number; messageId: string }[] = [];
  private current = 248_710;
  private oldestHistoryId = 0;
  private sequence = 0;

  constructor(options: FakeGmailOptions = {}) {
    this.emailAddress = options.emailAddress ?? 'direction@vieuxport-immobilier.fr';
    this.maxPageSize = options.maxPageSize ?? 500;
    this.now = options.now ?? Date.now;
  }

  get historyId(): string {
    return String(this.current);
  }

  /** Delivers a message (composed from a spec, or raw RFC 822 bytes) and records it in the history. */
  async addEmail(input: EmailSpec | Buffer, options: AddEmailOptions = {}): Promise<{ id: string; threadId: string; historyId: string }> {
    const raw = Buffer.isBuffer(input) ? input : await composeEmail(input);
    const parsed = await PostalMime.parse(raw);
    const receivedAt = options.receivedAt ?? (Buffer.isBuffer(input) ? new Date(parsed.date ?? this.now()) : input.date);
    this.sequence += 1;
    const id = (0x18c2a0f3b1d40000n + BigInt(this.sequence * 7919)).toString(16);
    // History ids grow by irregular steps, as Gmail's do: nobody may count on +1.
    this.current += 1 + (this.sequence % 4);
    const email: StoredEmail = {
      id,
      threadId: options.threadId ?? id,
      labelIds: options.labelIds ?? ['INBOX', 'UNREAD', 'CATEGORY_PERSONAL'],
      internalDate: receivedAt.getTime(),
      historyId: this.current,
      raw,
      tree: splitMime(raw),
      snippet: (parsed.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 140),
    };
    this.messages.set(id, email);
    this.history.push({ id: this.current, messageId: id });
    return { id, threadId: email.threadId, historyId: String(this.current) };
  }

  deleteMessage(id: string): void {
    this.messages.delete(id);
    this.current += 2;
  }

  /** History older than now is purged: a startHistoryId before it answers 404. */
  expireHistory(): void {
    this.oldestHistoryId = this.current;
  }

  handle(request: Request, path: string): Response {
    const url = new URL(request.url);
    const params = url.searchParams;
    if (path === '/profile')
      return json(200, {
        emailAddress: this.emailAddress,
        messagesTotal: this.messages.size,
        threadsTotal: this.messages.size,
        historyId: this.historyId,
      });
    if (path === '/messages') return this.list(params);
    if (path === '/history') return this.listHistory(params);
    const attachment = /^\/messages\/([^/]+)\/attachments\/([^/]+)$/.exec(path);
    if (attachment) return this.attachment(decodeURIComponent(attachment[1] as string), decodeURIComponent(attachment[2] as string));
    const message = /^\/messages\/([^/]+)$/.exec(path);
    if (message) return this.get(decodeURIComponent(message[1] as string), params.get('format') ?? 'full');
    return googleError(404, 'notFound', 'Not Found');
  }

  private pageSize(params: URLSearchParams, fallback: number): number {
    const asked = Number(params.get('maxResults') ?? fallback);
    return Math.max(1, Math.min(Number.isFinite(asked) ? asked : fallback, 500, this.maxPageSize));
  }

  private list(params: URLSearchParams): Response {
    const filter = queryFilter(params.get('q'), this.now());
    if (!filter) return googleError(400, 'invalidArgument', 'Invalid query: the fake knows newer_than:Nd and after:YYYY/MM/DD only');
    const after = params.get('pageToken') ? decodeToken<ListCursor>(params.get('pageToken')) : null;
    if (params.get('pageToken') && !after) return googleError(400, 'invalidArgument', 'Invalid pageToken');
    const all = [...this.messages.values()]
      .filter((m) => !m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH') && filter(m))
      .sort((a, b) => b.internalDate - a.internalDate || b.id.localeCompare(a.id));
    const rest = after
      ? all.filter((m) => m.internalDate < after.d || (m.internalDate === after.d && m.id.localeCompare(after.i) < 0))
      : all;
    const page = rest.slice(0, this.pageSize(params, 100));
    const last = page[page.length - 1];
    return json(200, {
      ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
      ...(last && rest.length > page.length ? { nextPageToken: encodeToken({ d: last.internalDate, i: last.id }) } : {}),
      resultSizeEstimate: all.length,
    });
  }

  private listHistory(params: URLSearchParams): Response {
    const start = Number(params.get('startHistoryId'));
    if (!params.get('startHistoryId') || !Number.isInteger(start)) return googleError(400, 'invalidArgument', 'Invalid startHistoryId');
    if (start < this.oldestHistoryId) return googleError(404, 'notFound', 'Requested entity was not found.');
    const after = params.get('pageToken') ? decodeToken<{ a: number }>(params.get('pageToken')) : { a: start };
    if (!after) return googleError(400, 'invalidArgument', 'Invalid pageToken');
    const rest = this.history.filter((h) => h.id > after.a);
    const page = rest.slice(0, this.pageSize(params, 100));
    const last = page[page.length - 1];
    const records = page.map((h) => {
      const message = this.messages.get(h.messageId);
      const ref = { id: h.messageId, threadId: message?.threadId ?? h.messageId };
      return { id: String(h.id), messages: [ref], messagesAdded: [{ message: { ...ref, labelIds: message?.labelIds ?? ['INBOX'] } }] };
    });
    return json(200, {
      ...(records.length ? { history: records } : {}),
      ...(last && rest.length > page.length ? { nextPageToken: encodeToken({ a: last.id }) } : {}),
      historyId: this.historyId,
    });
  }

  private get(id: string, format: string): Response {
    const message = this.messages.get(id);
    if (!message) return googleError(404, 'notFound', 'Requested entity was not found.');
    const base = {
      id: message.id,
      threadId: message.threadId,
      labelIds: message.labelIds,
      snippet: message.snippet,
      sizeEstimate: message.raw.length,
      historyId: String(message.historyId),
      internalDate: String(message.internalDate),
    };
    if (format === 'minimal') return json(200, base);
    if (format === 'raw') return json(200, { ...base, raw: message.raw.toString('base64url') });
    if (format === 'full' || format === 'metadata')
      return json(200, { ...base, payload: gmailPart(message.id, message.tree, format === 'full') });
    return googleError(400, 'invalidArgument', `Invalid format: ${format}`);
  }

  private attachment(messageId: string, attachmentId: string): Response {
    const message = this.messages.get(messageId);
    const partId = decodeToken<{ p: string }>(attachmentId.replace(/^ANGjdJ/, ''))?.p;
    const part = message && partId !== undefined ? findPart(message.tree, partId) : undefined;
    if (!part?.bytes) return googleError(404, 'notFound', 'Requested entity was not found.');
    return json(200, { attachmentId, size: part.bytes.length, data: part.bytes.toString('base64url') });
  }
}

/** The `payload` of format=full: named parts are referenced by attachmentId, text bodies inlined. */
function gmailPart(messageId: string, part: MimePart, withBodies: boolean): unknown {
  const body = !part.bytes
    ? { size: 0 }
    : part.filename
      ? { attachmentId: `ANGjdJ${encodeToken({ m: messageId, p: part.partId })}`, size: part.bytes.length }
      : withBodies
        ? { size: part.bytes.length, data: part.bytes.toString('base64url') }
        : { size: part.bytes.length };
  return {
    partId: part.partId,
    mimeType: part.mimeType,
    filename: part.filename,
    headers: part.headers,
    body,
    ...(part.parts.length ? { parts: part.parts.map((p) => gmailPart(messageId, p, withBodies)) } : {}),
  };
}

function findPart(part: MimePart, partId: string): MimePart | undefined {
  if (part.partId === partId) return part;
  for (const child of part.parts) {
    const found = findPart(child, partId);
    if (found) return found;
  }
  return undefined;
}

/** The two search operators a bounded first sync uses; null for anything else. */
function queryFilter(q: string | null, now: number): ((m: StoredEmail) => boolean) | null {
  if (!q?.trim()) return () => true;
  const newer = /^newer_than:(\d+)d$/.exec(q.trim());
  if (newer) {
    const since = now - Number(newer[1]) * 86_400_000;
    return (m) => m.internalDate >= since;
  }
  const after = /^after:(\d{4})\/(\d{2})\/(\d{2})$/.exec(q.trim());
  if (after) {
    const since = Date.UTC(Number(after[1]), Number(after[2]) - 1, Number(after[3]));
    return (m) => m.internalDate >= since;
  }
  return null;
}
