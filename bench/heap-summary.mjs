// What grew between two V8 heap snapshots (bench/run.mjs with BENCH_HEAP_SNAPSHOTS=DIR writes one
// idle and one after the load), and what holds it:
//   node bench/heap-summary.mjs before.heapsnapshot after.heapsnapshot [top=20]
//     live objects' count and self size per constructor, largest growth first;
//   node bench/heap-summary.mjs --retainers after.heapsnapshot 'object:Listener' [depth=6]
//     the most common chains of (strong) retainers of that constructor's objects.
import { readFileSync } from 'node:fs';

function load(file) {
  const { snapshot, nodes, edges, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const nf = snapshot.meta.node_fields;
  const ef = snapshot.meta.edge_fields;
  const [type, name, size, edgeCount] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const types = snapshot.meta.node_types[0];
  const kind = (n) => types[nodes[n + type]];
  // Strings, code and arrays go by kind: their names are their contents.
  const label = (n) => (kind(n) === 'object' || kind(n) === 'closure' ? `${kind(n)}:${strings[nodes[n + name]]}` : kind(n));
  return { nodes, edges, strings, nf, ef, size, edgeCount, label, edgeTypes: snapshot.meta.edge_types[0] };
}

function byConstructor(file) {
  const { nodes, nf, size, label } = load(file);
  const totals = new Map();
  let bytes = 0;
  for (let n = 0; n < nodes.length; n += nf.length) {
    const t = totals.get(label(n)) ?? { count: 0, size: 0 };
    t.count += 1;
    t.size += nodes[n + size];
    bytes += nodes[n + size];
    totals.set(label(n), t);
  }
  return { totals, bytes };
}

function retainers(file, target, depth) {
  const { nodes, edges, strings, nf, ef, edgeCount, label, edgeTypes } = load(file);
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const parent = new Map();
  for (let n = 0, e = 0; n < nodes.length; n += nf.length) {
    for (let k = 0; k < nodes[n + edgeCount]; k++, e += ef.length) {
      const t = edgeTypes[edges[e + eType]];
      if (t === 'weak' || parent.has(edges[e + eTo])) continue;
      const via = t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : `.${strings[edges[e + eName]]}`;
      parent.set(edges[e + eTo], [n, via]);
    }
  }
  const chains = new Map();
  let count = 0;
  for (let n = 0; n < nodes.length; n += nf.length) {
    if (label(n) !== target) continue;
    count += 1;
    const chain = [];
    for (let cur = n, d = 0; d < depth && parent.has(cur); d++) {
      const [from, via] = parent.get(cur);
      chain.push(`${label(from)}${via}`);
      cur = from;
    }
    const key = chain.join(' ← ');
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  console.log(`${count} ${target}; first retainer chains:`);
  for (const [key, n] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`${n}\t${key}`);
}

const MiB = (n) => (n / 1024 / 1024).toFixed(2);
const args = process.argv.slice(2);
if (args[0] === '--retainers') {
  if (!args[1] || !args[2]) throw new Error("usage: node bench/heap-summary.mjs --retainers file.heapsnapshot 'object:Name' [depth]");
  retainers(args[1], args[2], Number(args[3] ?? 6));
} else {
  const [beforeFile, afterFile, top = '20'] = args;
  if (!beforeFile || !afterFile) throw new Error('usage: node bench/heap-summary.mjs before.heapsnapshot after.heapsnapshot [top]');
  const before = byConstructor(beforeFile);
  const after = byConstructor(afterFile);
  console.log(`heap: ${MiB(before.bytes)} MiB → ${MiB(after.bytes)} MiB`);
  const rows = [...after.totals].map(([key, a]) => {
    const b = before.totals.get(key) ?? { count: 0, size: 0 };
    return { key, count: a.count - b.count, size: a.size - b.size, total: a.size };
  });
  rows.sort((x, y) => y.size - x.size);
  console.log('| constructor | count growth | self size growth (MiB) | self size after (MiB) |\n|---|---:|---:|---:|');
  for (const r of rows.slice(0, Number(top))) console.log(`| ${r.key} | ${r.count} | ${MiB(r.size)} | ${MiB(r.total)} |`);
}
