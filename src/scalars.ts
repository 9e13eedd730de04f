import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * DateTime as graphql-scalars reads it, limited to years 1 to 9999: a
 * JavaScript date can reach year -271821 and year 0, which PostgreSQL
 * refuses with an error, and no claim or filter needs them.
 */
function inRange(value: unknown): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
  if (value.getTime() < EARLIEST || value.getTime() > LATEST) {
    throw new GraphQLError('DateTime must be between the years 1 and 9999 (such as 2024-03-01T10:00:00Z)');
  }
  return value;
}

const base = DateTimeResolver.toConfig();

export const DateTimeScalar = new GraphQLScalarType<Date, unknown>({
  ...base,
  parseValue: (value) => inRange(base.parseValue!(value)),
  parseLiteral: (ast, variables) => inRange(base.parseLiteral!(ast, variables)),
});
