import { describe, expect, it } from 'vitest';
import { VerificationStatus } from '../../src/generated/prisma/enums.js';
import { isFinding, MAX_EVIDENCE, verdictViolations } from '../../src/modules/verdict/verdict.rules.js';

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
