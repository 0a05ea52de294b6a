import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as vocabulary from './index.ts';
import { DOCUMENT_FAMILIES, TYPE_DOCUMENTS } from './document-types.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The packages a module loads at run time, following its relative imports; type-only imports load nothing. */
function runtimePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifier = statement.moduleSpecifier;
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const name = specifier.text;
      if (name.startsWith('.')) visit(resolve(dirname(file), name));
      else packages.add(name);
    }
  };
  visit(entry);
  return packages;
}

describe('the light subpaths', () => {
  it('vocabulary loads nothing but zod (no tRPC, no OpenAPI generator)', () => {
    expect([...runtimePackages(resolve(here, 'index.ts'))]).toEqual(['zod']);
  });

  it('the lists load no package at all (the web bundle stays free of Zod)', () => {
    expect([...runtimePackages(resolve(here, 'lists.ts'))]).toEqual([]);
  });

  it('errors loads nothing but zod: tRPC appears in its types only', () => {
    expect([...runtimePackages(resolve(here, '../errors.ts'))]).toEqual(['zod']);
  });

  it('are what package.json exports', () => {
    const pkg = JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['./vocabulary']).toBe('./src/vocabulary/index.ts');
    expect(pkg.exports['./errors']).toBe('./src/errors.ts');
    expect(pkg.exports['./vocabulary/lists']).toBe('./src/vocabulary/lists.ts');
  });
});

describe('French labels', () => {
  const v = vocabulary;
  const tables: Record<string, [readonly string[], Record<string, string>]> = {
    STAFF_ROLES: [v.STAFF_ROLES, v.STAFF_ROLE_LABELS],
    ACCOUNT_TYPES: [v.ACCOUNT_TYPES, v.ACCOUNT_TYPE_LABELS],
    PROPERTY_STATUSES: [v.PROPERTY_STATUSES, v.PROPERTY_STATUS_LABELS],
    PARTICIPANT_ROLES: [v.PARTICIPANT_ROLES, v.PARTICIPANT_ROLE_LABELS],
    PROPERTY_EVENT_TYPES: [v.PROPERTY_EVENT_TYPES, v.PROPERTY_EVENT_TYPE_LABELS],
    PROPERTY_TYPES: [v.PROPERTY_TYPES, v.PROPERTY_TYPE_LABELS],
    FILE_STATUSES: [v.FILE_STATUSES, v.FILE_STATUS_LABELS],
    FILE_SOURCES: [v.FILE_SOURCES, v.FILE_SOURCE_LABELS],
    MESSAGE_CHANNELS: [v.MESSAGE_CHANNELS, v.MESSAGE_CHANNEL_LABELS],
    AI_STATUSES: [v.AI_STATUSES, v.AI_STATUS_LABELS],
    REVIEW_ITEM_TYPES: [v.REVIEW_ITEM_TYPES, v.REVIEW_ITEM_TYPE_LABELS],
    REVIEW_STATUSES: [v.REVIEW_STATUSES, v.REVIEW_STATUS_LABELS],
    REVIEW_DECISIONS: [v.REVIEW_DECISIONS, v.REVIEW_DECISION_LABELS],
    REVIEW_REASONS: [v.REVIEW_REASONS, v.REVIEW_REASON_LABELS],
    VOCAL_TYPES: [v.VOCAL_TYPES, v.VOCAL_TYPE_LABELS],
    // The detectable types are vocal types: the same words.
    DETECTABLE_VOCAL_TYPES: [
      v.DETECTABLE_VOCAL_TYPES,
      Object.fromEntries(v.DETECTABLE_VOCAL_TYPES.map((t) => [t, v.VOCAL_TYPE_LABELS[t]])),
    ],
    VOCAL_STATUSES: [v.VOCAL_STATUSES, v.VOCAL_STATUS_LABELS],
    VOCAL_STAGES: [v.VOCAL_STAGES, v.VOCAL_STAGE_LABELS],
    VOCAL_SOURCES: [v.VOCAL_SOURCES, v.VOCAL_SOURCE_LABELS],
    SET_BY: [v.SET_BY, v.SET_BY_LABELS],
    DPE_CLASSES: [v.DPE_CLASSES, v.DPE_CLASS_LABELS],
    INTEREST_LEVELS: [v.INTEREST_LEVELS, v.INTEREST_LEVEL_LABELS],
    INTEGRATION_PROVIDERS: [v.INTEGRATION_PROVIDERS, v.INTEGRATION_PROVIDER_LABELS],
    INTEGRATION_STATUSES: [v.INTEGRATION_STATUSES, v.INTEGRATION_STATUS_LABELS],
    CALENDAR_EVENT_STATUSES: [v.CALENDAR_EVENT_STATUSES, v.CALENDAR_EVENT_STATUS_LABELS],
    TYPE_DOCUMENTS: [v.TYPE_DOCUMENTS, v.TYPE_DOCUMENT_LABELS],
    DOCUMENT_FAMILY_NAMES: [v.DOCUMENT_FAMILY_NAMES, v.DOCUMENT_FAMILY_LABELS],
  };

  it('cover every list of the vocabulary', () => {
    const lists = Object.entries(vocabulary)
      .filter(([, value]) => Array.isArray(value))
      .map(([name]) => name);
    expect(lists.sort()).toEqual(Object.keys(tables).sort());
  });

  it('give every value a non-empty label, and no label to a value that is gone', () => {
    for (const [name, [values, labels]] of Object.entries(tables)) {
      for (const value of values) expect(labels[value]?.trim(), `${name}.${value}`).toBeTruthy();
      expect(Object.keys(labels).sort(), name).toEqual([...values].sort());
    }
  });

  it('label the pipeline and the document types as an agency says them', () => {
    expect(vocabulary.PROPERTY_STATUSES.map((s) => vocabulary.PROPERTY_STATUS_LABELS[s])).toEqual([
      'Prospection',
      'Mandat signé',
      'En diffusion',
      'Visites',
      'Offres',
      'Compromis',
      'Vendu',
      'Archivé',
    ]);
    expect(vocabulary.TYPE_DOCUMENT_LABELS.DPE).toBe('Diagnostic de performance énergétique (DPE)');
    expect(Object.keys(vocabulary.TYPE_DOCUMENT_LABELS).sort()).toEqual([...TYPE_DOCUMENTS].sort());
    expect(Object.keys(vocabulary.DOCUMENT_FAMILY_LABELS).sort()).toEqual(Object.keys(DOCUMENT_FAMILIES).sort());
  });
});
