import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { pickEncoding, type Coding } from './http/accept-encoding.ts';

/**
 * What every web app answer carries: no inline script, calls to this origin only, never framed.
 * Inline styles stay allowed: Radix's focus and scroll locks inject a <style> element at run time.
 */
export const WEB_APP_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

/** Vite names these after their content: a new build makes new names, so they may be kept forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the unhashed files: kept, but checked again (ETag) before each use. */
const REVALIDATE = 'no-cache';

/** The API's own paths: never the web app's, even for a browser asking for HTML. */
const API_PREFIXES = ['/api/', '/trpc', '/docs', '/openapi.', '/health', '/storage/'];
const isApiPath = (path: string) => path === '/api' || API_PREFIXES.some((prefix) => path.startsWith(prefix));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};
/** Text compresses well; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.txt', '.xml', '.svg']);
/** Below this, the coding's headers cost about what it saves. */
const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** apps/web/dist: the API module sits two levels below apps/ both as source (apps/api/src) and as bundle (apps/api/dist). */
export function defaultWebAppDir(): string {
  return fileURLToPath(new URL('../../web/dist/', import.meta.url));
}

interface WebFile {
  diskPath: string;
  type: string;
  cacheControl: string;
  compressible: boolean;
  /** Read (and compressed) at its first request, then served from memory. */
  content?: Promise<Content>;
}

interface Content {
  identity: Buffer;
  encoded: Partial<Record<Coding, Buffer>>;
  etag: string;
}

/**
 * Every file of the build, by URL path. Requests are answered from this list only, never by
 * joining their path to the folder, so no spelling of `..` can reach outside it. Null without index.html.
 */
function listBuild(dir: string): Map<string, WebFile> | null {
  const files = new Map<string, WebFile>();
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      // Regular files and real folders only: a symbolic link could point outside the build.
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const ext = extname(entry.name).toLowerCase();
        files.set(`${prefix}${entry.name}`, {
          diskPath: join(folder, entry.name),
          type: TYPES[ext] ?? 'application/octet-stream',
          cacheControl: prefix.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
          compressible: COMPRESSIBLE.has(ext),
        });
      }
    }
  };
  try {
    walk(dir, '/');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return files.has('/index.html') ? files : null;
}

async function readContent(file: WebFile): Promise<Content> {
  const identity = await readFile(file.diskPath);
  // Weak: the same entity whatever its coding.
  const etag = `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  const encoded: Content['encoded'] = {};
  if (file.compressible && identity.length >= MIN_COMPRESS_BYTES) {
    // Brotli quality 9 rather than 11: nearly as small, several times faster for a large bundle.
    const [br, gz] = await Promise.all([
      brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzipped(identity, { level: 9 }),
    ]);
    if (br.length < identity.length) encoded.br = br;
    if (gz.length < identity.length) encoded.gzip = gz;
  }
  return { identity, encoded, etag };
}

function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: WebFile): Promise<void> {
  // A failed read is not kept: the next request tries again.
  file.content ??= readContent(file).catch((error: unknown) => {
    file.content = undefined;
    throw error;
  });
  const { identity, encoded, etag } = await file.content;
  const codings = (['br', 'gzip'] as const).filter((coding) => encoded[coding]);
  const headers: Record<string, string | number> = { ...WEB_APP_SECURITY_HEADERS, 'cache-control': file.cacheControl, etag };
  if (codings.length > 0) headers.vary = 'accept-encoding';
  if (notModified(req, etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const coding = pickEncoding(req.headers['accept-encoding'], codings);
  const body = coding ? encoded[coding]! : identity;
  res.writeHead(200, {
    ...headers,
    'content-type': file.type,
    'content-length': body.length,
    ...(coding ? { 'content-encoding': coding } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Monimmo — application web non construite</title>
</head>
<body>
  <h1>L’application web n’est pas encore construite</h1>
  <p>L’API fonctionne (voir <a href="/docs">sa référence</a>), mais le dossier de l’application web ne contient pas d’<code>index.html</code>.</p>
  <p>Pour la construire, lancez à la racine du dépôt :</p>
  <pre><code>pnpm --filter @monimmo/web build</code></pre>
  <p>puis rechargez cette page.</p>
</body>
</html>
`;

function sendNotBuilt(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(503, {
    ...WEB_APP_SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(NOT_BUILT_PAGE),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
}

/** Browsers navigating to a page name text/html; fetch and curl (any type) keep the API's JSON 404. */
function wantsPage(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === 'text/html' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * The built web app at `/`: its files by their exact path, index.html for `/` and for the app's
 * own routes (SPA fallback), 503 with a French page while it is not built. Answers null for
 * whatever is not its own (the API's paths, missing assets), which the host routes as before.
 */
export function createWebApp(dir: string) {
  const root = resolve(dir);
  let build: Map<string, WebFile> | null = null;
  let seenIndex: string | null = null;

  /** The build as on disk: listed again when index.html changes, so a new build (or a first one) needs no restart. */
  function currentBuild(): Map<string, WebFile> | null {
    let index: string | null = null;
    try {
      const stat = statSync(join(root, 'index.html'));
      index = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      // Not built (yet): 503 for pages.
    }
    if (index !== seenIndex) {
      build = index === null ? null : listBuild(root);
      seenIndex = index;
    }
    return build;
  }
  currentBuild();

  return (req: IncomingMessage, path: string): ((res: ServerResponse) => Promise<void>) | null => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(path)) return null;
    let name: string;
    try {
      name = decodeURIComponent(path);
    } catch {
      return null;
    }
    const files = currentBuild();
    const file = files?.get(name);
    if (file) return (res) => sendFile(req, res, file);
    if (name.startsWith('/assets/')) return null;
    if (name !== '/' && !wantsPage(req)) return null;
    const index = files?.get('/index.html');
    return async (res) => (index ? sendFile(req, res, index) : sendNotBuilt(req, res));
  };
}
