// Sums a .cpuprofile's self time by function and by package: `node bench/profile-summary.mjs FILE [TOP]`.
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(nodes.map((n) => [n.id, n]));
const self = new Map();
samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** The package a script belongs to (pnpm's store path), or the app's own file, or node's internals. */
function moduleOf(url) {
  if (!url) return '(native)';
  const pnpm = url.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pnpm) return pnpm[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url.replace(/^.*\/(apps|packages)\//, '$1/');
}

const byFunction = new Map();
const byModule = new Map();
for (const [id, t] of self) {
  const { callFrame } = byId.get(id);
  const mod = moduleOf(callFrame.url);
  const fn = `${callFrame.functionName || '(anonymous)'} ${mod}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byModule.set(mod, (byModule.get(mod) ?? 0) + t);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
};
show('self time by module', byModule);
show('self time by function', byFunction);
