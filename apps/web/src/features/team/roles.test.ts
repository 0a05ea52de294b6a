import { describe, expect, it } from 'vitest';
import { assignableRoles } from './roles.ts';

describe('assignableRoles', () => {
  it('gives an administrator every role, for anyone', () => {
    expect(assignableRoles('ADMIN', 'ADMIN')).toEqual(['AGENT', 'MANAGER', 'ADMIN']);
    expect(assignableRoles('ADMIN')).toEqual(['AGENT', 'MANAGER', 'ADMIN']);
  });

  it('keeps a manager below the administrator role', () => {
    expect(assignableRoles('MANAGER', 'AGENT')).toEqual(['AGENT', 'MANAGER']);
    expect(assignableRoles('MANAGER')).toEqual(['AGENT', 'MANAGER']);
    expect(assignableRoles('MANAGER', 'ADMIN')).toEqual([]);
  });

  it('gives an agent nothing to assign', () => {
    expect(assignableRoles('AGENT', 'AGENT')).toEqual([]);
    expect(assignableRoles(null)).toEqual([]);
  });
});
