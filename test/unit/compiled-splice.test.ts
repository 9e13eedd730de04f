import { describe, expect, it } from 'vitest';
import { dataText, SplicedJson, stringifyResult } from '../../src/graphql/compiled/splice.js';

describe('output splicing', () => {
  it('writes spliced data as PostgreSQL wrote it, in the order Apollo writes a result', () => {
    const text = '{"statements" : {"edges" : []}}';
    expect(stringifyResult({ data: new SplicedJson(text) as never })).toBe(`{"data":${text}}\n`);
    expect(stringifyResult({ errors: [{ message: 'x' }], data: new SplicedJson('null') as never, extensions: { a: 1 } })).toBe(
      '{"errors":[{"message":"x"}],"data":null,"extensions":{"a":1}}\n',
    );
  });

  it('writes any other result as Apollo does (JSON.stringify and a newline)', () => {
    const result = { errors: [{ message: 'boom', extensions: { code: 'X' } }], data: { a: 'b\u2028' } };
    expect(stringifyResult(result)).toBe(JSON.stringify(result) + '\n');
  });

  it('parses spliced data for anything that reads it as an object', () => {
    const spliced = new SplicedJson('{"a" : [1, {"b" : null}]}');
    expect(spliced.value()).toEqual({ a: [1, { b: null }] });
    expect(JSON.parse(JSON.stringify({ data: spliced }))).toEqual({ data: { a: [1, { b: null }] } });
  });

  it('assembles the root fields in order, with constants, and escapes keys as JSON', () => {
    const columns = [
      { key: 'a', column: 'c0', required: true },
      { key: '__typename', constant: '"Query"', required: false },
      { key: 'node', column: 'c1', required: false },
    ];
    expect(dataText(columns, { c0: '{"x" : 1}', c1: null })).toBe('{"a":{"x" : 1},"__typename":"Query","node":null}');
  });

  it('refuses a row where a field the resolvers would refuse (a missing statement) came back null', () => {
    expect(dataText([{ key: 'statement', column: 'c0', required: true }], { c0: null })).toBeUndefined();
  });
});
