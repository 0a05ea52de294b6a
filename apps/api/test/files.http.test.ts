import { seedAsset } from '@monimmo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, register, startApi } from './harness.ts';

const pdf = seedAsset('mandat.pdf');
const jpeg = seedAsset('facade.jpg');
const LIMIT = 60_000;

let api: ApiHarness;
let token: string;
let otherToken: string;

async function upload(body: Buffer | FormData | string | URLSearchParams, headers: Record<string, string> = {}, query = '', as = token) {
  const res = await fetch(`${api.baseUrl}/api/v1/files/upload${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function form(bytes: Buffer, fileName: string, type: string, fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([bytes], { type }), fileName);
  return data;
}

beforeAll(async () => {
  // The storage's public URLs must point at this server for the download to be fetched.
  api = await startApi({ MAX_UPLOAD_BYTES: String(LIMIT), MAX_BASE64_UPLOAD_BYTES: String(LIMIT) });
  token = (await register(api)).token;
  otherToken = (await register(api)).token;
});
afterAll(() => api.stop());

const downloadPath = (url: string) => new URL(url).pathname + new URL(url).search;

describe('uploading documents over REST', () => {
  it('takes multipart, raw bytes and base64 JSON, and serves the bytes back through a signed URL', async () => {
    const multipart = await upload(form(pdf, 'Mandat signé n°14 ✓.pdf', 'application/pdf', { typeDocument: 'MANDAT_VENTE_SIGNE' }));
    expect(multipart).toMatchObject({
      status: 201,
      json: { fileName: 'Mandat signé n°14 ✓.pdf', mimeType: 'application/pdf', size: pdf.length, typeDocument: 'MANDAT_VENTE_SIGNE' },
    });

    const raw = await upload(jpeg, { 'content-type': 'image/jpeg' }, `?fileName=${encodeURIComponent('Façade.jpg')}`);
    expect(raw).toMatchObject({ status: 201, json: { fileName: 'Façade.jpg', mimeType: 'image/jpeg', size: jpeg.length } });

    const json = await upload(
      JSON.stringify({ fileName: 'mandat.pdf', mimeType: 'application/pdf', size: pdf.length, contentBase64: pdf.toString('base64') }),
      { 'content-type': 'application/json' },
    );
    expect(json).toMatchObject({ status: 201, json: { size: pdf.length } });

    const link = await fetch(`${api.baseUrl}/api/v1/files/${multipart.json.id}/download-url`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { url } = (await link.json()) as { url: string };
    const download = await fetch(`${api.baseUrl}${downloadPath(url)}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''Mandat%20sign%C3%A9");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    // a tampered URL, or one naming another object, is refused
    const tampered = downloadPath(url).replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await fetch(`${api.baseUrl}${tampered}`)).status).toBe(403);
    const otherLink = await fetch(`${api.baseUrl}/api/v1/files/${raw.json.id}/download-url`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const otherKey = new URL(((await otherLink.json()) as { url: string }).url).pathname;
    expect((await fetch(`${api.baseUrl}${otherKey}${new URL(url).search}`)).status).toBe(403);
    const expired = downloadPath(url).replace(/expires=\d+/, 'expires=1000');
    expect((await fetch(`${api.baseUrl}${expired}`)).status).toBe(403);
  });

  it('refuses what it must, with the error body, and keeps agencies apart', async () => {
    const over = Buffer.concat([pdf, Buffer.alloc(LIMIT + 1 - pdf.length, 0x20)]);
    const cases: [string, Promise<{ status: number; json: Record<string, unknown> }>, number, string][] = [
      ['raw over the limit', upload(over, { 'content-type': 'application/pdf' }, '?fileName=gros.pdf'), 413, 'PAYLOAD_TOO_LARGE'],
      ['multipart over the limit', upload(form(over, 'gros.pdf', 'application/pdf')), 413, 'PAYLOAD_TOO_LARGE'],
      ['lying multipart type', upload(form(pdf, 'photo.jpg', 'image/jpeg')), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['lying raw type', upload(jpeg, { 'content-type': 'application/pdf' }, '?fileName=x.pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['empty raw body', upload(Buffer.alloc(0), { 'content-type': 'application/pdf' }, '?fileName=vide.pdf'), 400, 'BAD_REQUEST'],
      ['raw without a name', upload(pdf, { 'content-type': 'application/pdf' }), 400, 'BAD_REQUEST'],
      [
        'a path as name',
        upload(pdf, { 'content-type': 'application/pdf' }, `?fileName=${encodeURIComponent('../../etc/passwd')}`),
        400,
        'BAD_REQUEST',
      ],
      [
        'multipart without a file',
        upload(new URLSearchParams({ a: 'b' }), { 'content-type': 'multipart/form-data; boundary=x' }),
        400,
        'BAD_REQUEST',
      ],
      ['no token', upload(pdf, { 'content-type': 'application/pdf', authorization: '' }, '?fileName=a.pdf'), 401, 'UNAUTHORIZED'],
      ['bad type', upload(pdf, { 'content-type': 'application/pdf' }, '?fileName=a.pdf&typeDocument=FACTURE'), 400, 'BAD_REQUEST'],
    ];
    for (const [name, call, status, code] of cases) {
      const res = await call;
      expect(res.status, name).toBe(status);
      expect(res.json.code, name).toBe(code);
    }

    const mine = await upload(pdf, { 'content-type': 'application/pdf' }, '?fileName=mien.pdf');
    for (const path of [`/files/${mine.json.id}`, `/files/${mine.json.id}/download-url`]) {
      const res = await fetch(`${api.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${otherToken}` } });
      expect(res.status, path).toBe(404);
    }
    const patch = await fetch(`${api.baseUrl}/api/v1/files/${mine.json.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'CLASSIFIED' }),
    });
    expect(patch.status).toBe(404);
  });

  it('refuses an unsigned /storage path with 403', async () => {
    expect((await fetch(`${api.baseUrl}/storage/nope`)).status).toBe(403);
  });
});
