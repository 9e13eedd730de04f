import { Prisma } from '../../generated/prisma/client.js';
import { BadUserInputError } from '../../errors.js';
import { hasOperators, webSearchTerms, type SearchTerm } from '../../search.js';
import { queryText } from './search.query.js';
import { rankedSql, type RankPage } from './search.rank.js';
import { termsSql } from './search.terms.js';

/** How a search runs: statements ranked by its words, and what each must also hold. */
export interface SearchPlan {
  /** SQL selecting (id, rank, score) for every statement holding at least one of the words ranked by (see rankedSql). */
  ranked: Prisma.Sql;
  /** The same ranking cut to a page inside the database (see RankPage); null when nothing ranks (only -words). */
  rankedPage: ((page: RankPage) => Prisma.Sql) | null;
  /** A condition on `statement s` the operators impose ("phrase", -word, or); null for a plain query. */
  required: Prisma.Sql | null;
  /** A condition on `statement s`: it holds a ranked word and meets `required`, without ranking anything. */
  matches: Prisma.Sql;
}

/**
 * How many operators a search may use: each "phrase" and -exclusion is a
 * condition and each `or` an alternative. Newsroom searches use a handful;
 * the bound keeps what one query asks of the database small.
 */
export const MAX_OPERATORS = 32;

/** The text-and-quote vector statement_fts_idx is built on: phrases need word positions, which only it keeps. */
const FTS = Prisma.sql`to_tsvector('english'::regconfig, f.text || ' ' || coalesce(f.quote, ''))`;

/*
 * Asked of the index (the statements that hold the phrase or word), not of
 * each candidate in turn: a long post ranks thousands of statements, and
 * building each one's vector again cost up to a second.
 *
 * All the phrases of an alternative go into one tsquery (joined by &&), and
 * all its exclusions into another (joined by ||), so an alternative costs at
 * most three look-ups however many terms it has. One sub-select per term
 * made the planner weigh every order of joining them: forty empty phrases
 * ("" repeated) took seven seconds to plan, before any row was read.
 */
function holdsAll(terms: SearchTerm[], join: ' && ' | ' || '): Prisma.Sql {
  const queries = terms.map((term) =>
    term.phrase ? Prisma.sql`phraseto_tsquery('english'::regconfig, ${term.text})` : Prisma.sql`plainto_tsquery('english'::regconfig, ${term.text})`,
  );
  return Prisma.sql`s.id IN (SELECT f.id FROM statement f WHERE ${FTS} @@ (${Prisma.join(queries, join)}))`;
}

/*
 * "Holds a word" is asked of the postings of the words (s.id IN ...), never
 * of every statement in turn (EXISTS per row): the postings of a few words
 * are few, the statements many.
 */
function holdsAnyWord(words: string): Prisma.Sql {
  return Prisma.sql`s.id IN (SELECT p.statement_id FROM search_posting p
    WHERE p.lexeme IN (SELECT w.lexeme FROM unnest(to_tsvector('english'::regconfig, ${words}::text)) w))`;
}

/**
 * A search as newsrooms write it. A plain query (a word, a post, a
 * paragraph) ranks every statement holding any of its words, close
 * spellings included. With operators, they mean what they mean on the web:
 * a "quoted phrase" must appear in the text or quote, a -word must not,
 * `or` separates alternatives, and a statement matches when one
 * alternative holds; within an alternative with no phrase, at least one of
 * its plain words must appear. Plain words always rank, rarer and more of
 * them first. With `operators` false the text is taken as words only,
 * quotes and dashes included: a pasted post is not a web-search query.
 */
export function searchPlan(raw: string, { operators: withOperators = true, field = 'search' }: { operators?: boolean; field?: string } = {}): SearchPlan {
  if (!withOperators || !hasOperators(raw)) {
    const text = queryText(raw);
    return { ...rankingOf(text, true), required: null, matches: holdsTerm(termsSql(text, true)) };
  }
  const groups = webSearchTerms(raw);
  const operators = groups.length - 1 + groups.reduce((n, group) => n + group.filter((term) => term.phrase || term.negated).length, 0);
  if (operators > MAX_OPERATORS) {
    throw new BadUserInputError(
      `${field} uses ${operators} operators ("phrases", -exclusions and ors); at most ${MAX_OPERATORS} are allowed. Without them the text is searched as plain words.`,
      field,
    );
  }
  const ranking = groups.flatMap((group) => group.filter((term) => !term.negated).map((term) => term.text)).join(' ');
  const text = queryText(ranking);
  const alternatives = groups.map((group) => {
    const phrases = group.filter((term) => term.phrase && !term.negated);
    const excluded = group.filter((term) => term.negated);
    const conditions: Prisma.Sql[] = [];
    if (phrases.length > 0) conditions.push(holdsAll(phrases, ' && '));
    if (excluded.length > 0) conditions.push(Prisma.sql`NOT (${holdsAll(excluded, ' || ')})`);
    const plain = group.filter((term) => !term.negated && !term.phrase).map((term) => term.text);
    if (plain.length > 0 && !group.some((term) => term.phrase && !term.negated)) conditions.push(holdsAnyWord(plain.join(' ')));
    return Prisma.sql`(${Prisma.join(conditions, ' AND ')})`;
  });
  const required = alternatives.length > 0 ? Prisma.sql`(${Prisma.join(alternatives, ' OR ')})` : Prisma.sql`false`;
  if (ranking.trim() === '') {
    // Only exclusions ("-astana"): every statement they leave, unranked.
    return {
      ranked: Prisma.sql`SELECT s.id, 0::float8 AS rank, 0::float8 AS score FROM statement s WHERE ${required}`,
      rankedPage: null,
      required,
      matches: required,
    };
  }
  if (!groups.some((group) => group.some((term) => term.phrase || term.negated))) {
    // Only `or`: a statement ranked holds a word of some alternative, which is
    // all an alternative of plain words asks, so there is nothing more to check.
    return { ...rankingOf(text, false), required: null, matches: holdsTerm(termsSql(text, false)) };
  }
  return { ...rankingOf(text, false), required, matches: Prisma.sql`(${holdsTerm(termsSql(text, false))} AND ${required})` };
}

function rankingOf(text: string, near: boolean): Pick<SearchPlan, 'ranked' | 'rankedPage'> {
  return { ranked: rankedSql(text, near), rankedPage: (page) => rankedSql(text, near, page) };
}

function holdsTerm(terms: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`s.id IN (SELECT p.statement_id FROM search_posting p WHERE p.lexeme IN (SELECT t.lexeme FROM (${terms}) t))`;
}
