import type { FormattedExecutionResult } from 'graphql';
import type { Generated } from './sql.js';

/**
 * Output splicing, the last stage: the response's `data` as the JSON text
 * PostgreSQL wrote, carried through Apollo Server untouched and written
 * into the HTTP body by `stringifyResult` without being parsed. Anything
 * that reads the value as an object (an in-process executeOperation) gets
 * it parsed, through toJSON and `value()` (plainData).
 */
export class SplicedJson {
  #parsed: unknown;

  constructor(readonly text: string) {}

  value(): unknown {
    this.#parsed ??= JSON.parse(this.text);
    return this.#parsed;
  }

  toJSON(): unknown {
    return this.value();
  }
}

/** A result's `data` as a value, parsed where it is a compiled answer's text (for in-process callers of executeOperation). */
export function plainData(data: unknown): unknown {
  return data instanceof SplicedJson ? data.value() : data;
}

/** The `data` object's text from the root columns of one result row; undefined when a required root field is null (the resolvers refuse that row). */
export function dataText(columns: Generated['columns'], row: Record<string, string | null>): string | undefined {
  const parts: string[] = [];
  for (const column of columns) {
    const value = column.constant ?? row[column.column!] ?? null;
    if (value === null && column.required) return undefined;
    parts.push(`${JSON.stringify(column.key)}:${value ?? 'null'}`);
  }
  return `{${parts.join(',')}}`;
}

/** Apollo Server's stringifyResult: its own (JSON.stringify and a newline), with spliced data written as it came. */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data = result.data as unknown;
  if (!(data instanceof SplicedJson)) return JSON.stringify(result) + '\n';
  const { errors, extensions } = result;
  const head = errors === undefined ? '' : `"errors":${JSON.stringify(errors)},`;
  const tail = extensions === undefined ? '' : `,"extensions":${JSON.stringify(extensions)}`;
  return `{${head}"data":${data.text}${tail}}\n`;
}
