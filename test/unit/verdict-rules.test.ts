import { describe, expect, it } from 'vitest';
import { VerificationStatus } from '../../src/generated/prisma/enums.js';
import { isFinding, MAX_EVIDENCE, statusAt, verdictViolations } from '../../src/modules/verdict/verdict.rules.js';

const evidence = [{ url: 'https://example.org/a', title: null, stance: 'REFUTES' as const }];
const findings = Object.values(VerificationStatus).filter((s) => s !== 'UNVERIFIED' && s !== 'IN_REVIEW');

describe('verdict rules', () => {
  it('treats UNVERIFIED and IN_REVIEW as work in progress, everything else as a finding', () => {
    expect(isFinding('UNVERIFIED')).toBe(false);
    expect(isFinding('IN_REVIEW')).toBe(false);
    expect(findings).toHaveLength(7);
    for (const status of findings) expect(isFinding(status)).toBe(true);
  });

  it.each(findings)('%s needs a rationale and evidence', (status) => {
    expect(verdictViolations({ status, rationale: null, evidence: [] }).map((v) => v.field)).toEqual(['rationale', 'evidence']);
    expect(verdictViolations({ status, rationale: 'Because.', evidence })).toEqual([]);
  });

  it('lets work in progress through bare', () => {
    expect(verdictViolations({ status: 'IN_REVIEW', rationale: null, evidence: [] })).toEqual([]);
    expect(verdictViolations({ status: 'UNVERIFIED', rationale: null, evidence: [] })).toEqual([]);
  });

  it('caps and de-duplicates evidence', () => {
    const many = Array.from({ length: MAX_EVIDENCE + 1 }, (_, i) => ({ ...evidence[0]!, url: `https://example.org/${i}` }));
    expect(verdictViolations({ status: 'FALSE', rationale: 'x', evidence: many }).map((v) => v.field)).toEqual(['evidence']);
    expect(verdictViolations({ status: 'FALSE', rationale: 'x', evidence: [...evidence, ...evidence] })).toHaveLength(1);
  });
});

describe('statusAt', () => {
  const recorded = new Date('2017-05-15T10:00:00Z');
  const history = [
    { status: 'FALSE' as const, createdAt: new Date('2017-05-20T00:00:00Z') },
    { status: 'IN_REVIEW' as const, createdAt: new Date('2017-05-16T00:00:00Z') },
  ];

  it('follows the history', () => {
    expect(statusAt(history, recorded, new Date('2017-05-15T12:00:00Z'))).toBe('UNVERIFIED');
    expect(statusAt(history, recorded, new Date('2017-05-16T00:00:00Z'))).toBe('IN_REVIEW');
    expect(statusAt(history, recorded, new Date('2017-05-19T23:59:59Z'))).toBe('IN_REVIEW');
    expect(statusAt(history, recorded, new Date('2030-01-01T00:00:00Z'))).toBe('FALSE');
  });

  it('has no status before the statement was recorded', () => {
    expect(statusAt(history, recorded, new Date('2017-05-15T09:59:59Z'))).toBeNull();
  });
});
