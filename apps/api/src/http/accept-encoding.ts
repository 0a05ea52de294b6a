/** The content codings the server may store a file in, best first. */
export type Coding = 'br' | 'gzip';

/**
 * The best of `available` the Accept-Encoding header allows (q > 0, by name or by `*`), or null
 * for the identity. Equal weights go to the server's order: brotli is smaller.
 */
export function pickEncoding(header: string | string[] | undefined, available: readonly Coding[]): Coding | null {
  if (!header || available.length === 0) return null;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: Coding | null = null;
  let bestWeight = 0;
  for (const coding of available) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}
