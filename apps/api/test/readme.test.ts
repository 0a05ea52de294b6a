import { readFileSync } from 'node:fs';
import { configSchema } from '@monimmo/config';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The lines of the configuration table, from its header to the first line that is not a row. */
function configurationTable(): string[] {
  const lines = readme.slice(readme.indexOf('## Configuration')).split('\n');
  const header = lines.findIndex((line) => line.startsWith('| variable |'));
  const end = lines.findIndex((line, i) => i > header && !line.startsWith('|'));
  return lines.slice(header, end);
}

describe('the README', () => {
  it('documents every configuration variable in one table', () => {
    const table = configurationTable();
    expect(table[1]).toMatch(/^\|(\s*-+\s*\|)+$/);
    // A blank line would end the table: whatever follows renders as plain text.
    const after = readme
      .slice(readme.indexOf(table.at(-1)!) + table.at(-1)!.length)
      .split('\n')
      .slice(1, 4);
    expect(after.filter((line) => line.startsWith('|'))).toEqual([]);
    const documented = new Set(table.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)));
    expect(Object.keys(configSchema.shape).filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !(name in configSchema.shape))).toEqual([]);
  });

  it('links the domain description that the repository holds', () => {
    expect(readme).toContain('(docs/domain.md)');
    expect(readFileSync(new URL('../../../docs/domain.md', import.meta.url), 'utf8')).toMatch(/^# /);
    expect(readme).not.toMatch(/DOMAIN\.md/);
  });
});
