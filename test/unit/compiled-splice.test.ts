import { describe, expect, it } from 'vitest';
import { SplicedJson, stringifyResult } from '../../src/graphql/compiled/splice.js';
import { prefixes, writeAnswer, type AnswerShape, type ObjectShape } from '../../src/graphql/compiled/write.js';

describe('output splicing', () => {
  it('writes spliced data as it was written, in the order Apollo writes a result', () => {
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
    const speaker: ObjectShape = { members: prefixes([{ key: 'name', value: { kind: 'string' } }]), width: 1 };
    const answer: AnswerShape = {
      fields: [
        { key: 'a"b', kind: 'value', value: { kind: 'inline', object: speaker, marker: true }, offset: 0, required: true },
        { key: '__typename', kind: 'constant', json: '"Query"' },
        { key: 'node', kind: 'value', value: { kind: 'inline', object: speaker, marker: true }, offset: 2 },
      ],
    };
    expect(writeAnswer(answer, [['', 'Ann "A" \\ B', null, null]])).toBe('{"a\\"b":{"name":"Ann \\"A\\" \\\\ B"},"__typename":"Query","node":null}');
  });

  it('refuses a row where a field the resolvers would refuse (a missing statement) came back null', () => {
    const object: ObjectShape = { members: prefixes([{ key: 'id', value: { kind: 'id', type: 'Statement' } }]), width: 1, idAt: 0 };
    const answer: AnswerShape = { fields: [{ key: 'statement', kind: 'value', value: { kind: 'inline', object, marker: false }, offset: 0, required: true }] };
    expect(writeAnswer(answer, [[null]])).toBeUndefined();
    expect(writeAnswer({ fields: [{ ...answer.fields[0]!, required: false } as never] }, [[null]])).toBe('{"statement":null}');
  });
});
