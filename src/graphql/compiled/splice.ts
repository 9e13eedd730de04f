import type { FormattedExecutionResult } from 'graphql';

/**
 * Output splicing, the last stage: the response's `data` as the JSON text
 * written from the compiled statement's row (write.ts), carried through
 * Apollo Server untouched and written into the HTTP body by `stringifyResult` without being parsed. Anything
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

/** Apollo Server's stringifyResult: its own (JSON.stringify and a newline), with spliced data written as it came. */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data = result.data as unknown;
  if (!(data instanceof SplicedJson)) return JSON.stringify(result) + '\n';
  const { errors, extensions } = result;
  const head = errors === undefined ? '' : `"errors":${JSON.stringify(errors)},`;
  const tail = extensions === undefined ? '' : `,"extensions":${JSON.stringify(extensions)}`;
  return `{${head}"data":${data.text}${tail}}\n`;
}
