import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { buildOpenApiDocument, toYaml } from '@monimmo/contract';

const require = createRequire(import.meta.url);
const swaggerUiDir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Monimmo — référence de l’API</title>
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <style>body{margin:0} .topbar{display:none}</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// Separate file rather than inline script, so the page runs under a strict CSP.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: true,
  displayRequestDuration: true
});`;

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

/** The generated document (built once) and an interactive reference served from local files. */
export function createDocs() {
  const doc = buildOpenApiDocument();
  const json = JSON.stringify(doc);
  const yaml = toYaml(doc);

  return (path: string, res: ServerResponse): boolean => {
    if (path === '/openapi.json') return send(res, 'application/json; charset=utf-8', json);
    if (path === '/openapi.yaml') return send(res, 'application/yaml; charset=utf-8', yaml);
    if (path === '/docs' || path === '/docs/') return send(res, 'text/html; charset=utf-8', PAGE, { 'content-security-policy': CSP });
    if (path === '/docs/init.js') return send(res, 'text/javascript; charset=utf-8', INIT);
    const asset = path.startsWith('/docs/assets/') ? path.slice('/docs/assets/'.length) : undefined;
    // Own keys only: `constructor`, `toString`… must not reach the file system (an unhandled ENOENT crashed the process).
    const type = asset && Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!asset || !type) return false;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    createReadStream(join(swaggerUiDir, asset))
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  };
}

function send(res: ServerResponse, type: string, body: string, headers: Record<string, string> = {}): true {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
  return true;
}
