import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBefore } from './support/migration-before.js';

/**
 * The migration that turns imported ClaimReviews into external reviews must
 * keep every review imported before it, read its fields from the stored
 * document (however oddly written), keep the verdict it recorded, and not
 * fail on a date or number the import would not have read.
 */
const MIGRATION = '20261201134142_external_reviews';

let db: PGlite;
let migration: string;
beforeAll(async () => {
  ({ db, migration } = await databaseBefore(MIGRATION));
});
afterAll(() => db.close());

const SPEAKER = '01900000-0000-7000-8000-000000000001';
const STATEMENT = '01900000-0000-7000-8000-000000000002';
const VERDICT = '01900000-0000-7000-8000-000000000004';
const IMPORT = '01900000-0000-7000-8000-0000000000b1';
const ODD_IMPORT = '01900000-0000-7000-8000-0000000000b2';

describe(`${MIGRATION} on a database with imported ClaimReviews`, () => {
  it('moves each imported review into external_review, keeping its verdict and reading its fields', async () => {
    const review = {
      '@type': 'ClaimReview',
      url: 'https://checker.example.org/r/1',
      name: 'The dam is not at twice its capacity',
      datePublished: '2017-05-04',
      author: { '@type': 'Organization', name: 'Checker', url: 'https://checker.example.org' },
      reviewRating: { '@type': 'Rating', alternateName: 'Pants on Fire!', ratingValue: '1', bestRating: 5, worstRating: 1 },
      claimReviewed: 'The dam holds twice its rated capacity.',
    };
    const odd = {
      '@type': 'ClaimReview',
      url: 'https://other.example.org/r/2',
      headline: [{ '@value': '  Headline in a value object ' }],
      datePublished: 'the fifth of May',
      publisher: 'Other',
      reviewRating: [{ alternateName: 42, ratingValue: 'three' }],
      claimReviewed: 'Another claim.',
    };
    await db.query(
      `INSERT INTO speaker (id, name, kind, updated_at) VALUES ($1, 'Governor', 'PERSON', now())`,
      [SPEAKER],
    );
    await db.query(
      `INSERT INTO statement (id, text, speaker_id, status, version, updated_at) VALUES ($1, 'The dam holds twice its rated capacity.', $2, 'FALSE', 1, now())`,
      [STATEMENT, SPEAKER],
    );
    await db.query(
      `INSERT INTO verdict (id, statement_id, status, rationale, reviewer, statement_version, judged_text, judged_speaker_id, judged_speaker_name)
       VALUES ($1, $2, 'FALSE', 'Imported', 'desk', 1, 'The dam holds twice its rated capacity.', $3, 'Governor')`,
      [VERDICT, STATEMENT, SPEAKER],
    );
    await db.query(
      `INSERT INTO claim_review_import (id, review_url, statement_id, verdict_id, publisher, document, imported_at) VALUES
        ($1, 'https://checker.example.org/r/1', $3, $4, 'Checker', $5, '2020-01-01T00:00:00Z'),
        ($2, 'https://other.example.org/r/2', $3, NULL, 'Other', $6, '2020-01-02T00:00:00Z')`,
      [IMPORT, ODD_IMPORT, STATEMENT, VERDICT, JSON.stringify(review), JSON.stringify(odd)],
    );

    await db.exec(migration);

    const rows = await db.query<Record<string, unknown>>(
      `SELECT id, statement_id, publisher, publisher_url, url, headline, review_date, rating_text, rating_key,
              rating_value, best_rating, worst_rating, status, verdict_id, document, imported_at
       FROM external_review ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      {
        id: IMPORT,
        statement_id: STATEMENT,
        publisher: 'Checker',
        publisher_url: 'https://checker.example.org',
        url: 'https://checker.example.org/r/1',
        headline: 'The dam is not at twice its capacity',
        review_date: new Date('2017-05-04T00:00:00Z'),
        rating_text: 'Pants on Fire!',
        rating_key: 'pants on fire',
        rating_value: 1,
        best_rating: 5,
        worst_rating: 1,
        status: 'FALSE',
        verdict_id: VERDICT,
        document: review,
        imported_at: new Date('2020-01-01T00:00:00Z'),
      },
      {
        id: ODD_IMPORT,
        statement_id: STATEMENT,
        publisher: 'Other',
        publisher_url: null,
        url: 'https://other.example.org/r/2',
        headline: 'Headline in a value object',
        review_date: null,
        rating_text: '42',
        rating_key: '42',
        rating_value: null,
        best_rating: null,
        worst_rating: null,
        status: null,
        verdict_id: null,
        document: odd,
        imported_at: new Date('2020-01-02T00:00:00Z'),
      },
    ]);
    // The verdict it recorded is still there: verdicts are never deleted.
    expect((await db.query('SELECT id FROM verdict')).rows).toEqual([{ id: VERDICT }]);
    const tables = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'claim_review_import'`);
    expect(tables.rows).toEqual([{ n: 0 }]);
    const helpers = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_proc WHERE proname LIKE 'claim_review_%'`);
    expect(helpers.rows).toEqual([{ n: 0 }]);
  });
});
