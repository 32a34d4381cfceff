import { parseJson, stringifyJson } from './json';

describe('parseJson', () => {
  it('fast path: text without a 16-digit run goes through the native parser', () => {
    const text = '{"a":1,"b":[2.5,-3],"c":"123456789012345","d":null,"e":true}';
    const native = jest.spyOn(JSON, 'parse');
    try {
      expect(parseJson(text)).toEqual({ a: 1, b: [2.5, -3], c: '123456789012345', d: null, e: true });
      expect(native).toHaveBeenCalledTimes(1);
    } finally {
      native.mockRestore();
    }
  });

  it('lossless path: a 16-digit run avoids the native parser (which would round)', () => {
    const native = jest.spyOn(JSON, 'parse');
    try {
      expect(parseJson('{"a":1,"v":12345678901234567890}')).toEqual({ a: 1, v: 12345678901234567890n });
      expect(native).not.toHaveBeenCalled();
    } finally {
      native.mockRestore();
    }
  });

  it('keeps integers above 2^53 exact as bigint', () => {
    const parsed = parseJson('{"value":18446744073709551615,"small":7}') as { value: unknown; small: unknown };
    expect(parsed.value).toBe(18446744073709551615n);
    expect(parsed.small).toBe(7);
  });

  it('2^53 + 1 is not rounded to 2^53', () => {
    expect(parseJson('[9007199254740993]')).toEqual([9007199254740993n]);
  });

  it('safe 16-digit integers stay numbers on the lossless path', () => {
    expect(parseJson('[1234567890123456, 9007199254740991]')).toEqual([1234567890123456, 9007199254740991]);
  });

  it('fractions stay numbers on the lossless path, even with a long run of digits', () => {
    expect(parseJson('{"w":0.12345678901234567,"big":12345678901234567890}')).toEqual({
      w: Number('0.12345678901234567'),
      big: 12345678901234567890n,
    });
  });

  it('a bare top-level integer above 2^53 is exact too', () => {
    expect(parseJson('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseJson(' -9007199254740993')).toBe(-9007199254740993n);
  });

  it('negative big integers are exact', () => {
    expect(parseJson('[-9223372036854775808]')).toEqual([-9223372036854775808n]);
  });

  it('a long run of digits inside a string does not change the value types', () => {
    expect(parseJson('{"id":"00001234567890123456789","n":5}')).toEqual({ id: '00001234567890123456789', n: 5 });
  });

  it('reports malformed JSON on both paths', () => {
    expect(() => parseJson('{"a":')).toThrow();
    expect(() => parseJson('{"a":12345678901234567890')).toThrow();
  });
});

describe('stringifyJson', () => {
  it('writes bigint as a plain JSON integer', () => {
    expect(stringifyJson({ value: 18446744073709551615n, n: 1 })).toBe('{"value":18446744073709551615,"n":1}');
  });

  it('round-trips values above 2^53 exactly', () => {
    const value = { amounts: [2n ** 63n, 2n ** 64n - 1n, 5], nested: { x: 9007199254740993n } };
    expect(parseJson(stringifyJson(value))).toEqual(value);
  });

  it('refuses a value that has no JSON form', () => {
    expect(() => stringifyJson(undefined)).toThrow('value cannot be serialized to JSON');
    expect(() => stringifyJson(() => 1)).toThrow('value cannot be serialized to JSON');
    const cycle: Record<string, unknown> = { n: 1n };
    cycle.self = cycle;
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
  });

  // Both paths (bigints within 2^53 only, and a bigint beyond it somewhere in the value) write what
  // JSON.stringify writes for everything else.
  const shapes: [string, unknown][] = [
    ['scalars', [0, -0, 1.5, -2e-7, 1e21, NaN, Infinity, true, false, null, '', 'é\u2028"\\\n\u0000', '\ud800']],
    ['omitted members', { a: undefined, b: () => 1, c: Symbol('s'), d: 1, list: [undefined, () => 1, Symbol('t'), 2] }],
    ['key order and odd keys', { b: 1, a: 2, 10: 'ten', 2: 'two', 'k"\\': 3, '': 4 }],
    ['toJSON', { at: new Date(Date.UTC(2026, 11, 7)), own: { toJSON: () => ({ x: 1 }) }, buf: Buffer.from([1, 2]) }],
    ['nesting', { a: [[[]], {}, [{ b: [null, { c: 'd' }] }]] }],
  ];
  for (const [name, value] of shapes) {
    it(`writes ${name} as JSON.stringify does, with or without a large bigint beside them`, () => {
      expect(stringifyJson(value)).toBe(JSON.stringify(value));
      expect(stringifyJson({ v: value, small: 7n })).toBe(JSON.stringify({ v: value, small: 7 }));
      expect(stringifyJson({ v: value, big: 2n ** 64n - 1n })).toBe(`{"v":${JSON.stringify(value)},"big":18446744073709551615}`);
    });
  }

  it('writes every bigint exactly on both paths: within 2^53 as digits, beyond it as digits', () => {
    const edge = [2n ** 53n - 1n, -(2n ** 53n - 1n), 0n, -1n];
    expect(stringifyJson(edge)).toBe('[9007199254740991,-9007199254740991,0,-1]');
    expect(stringifyJson([...edge, 2n ** 53n, -(2n ** 53n) - 1n])).toBe('[9007199254740991,-9007199254740991,0,-1,9007199254740992,-9007199254740993]');
  });
});
