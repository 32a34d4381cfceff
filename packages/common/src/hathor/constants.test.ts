import {
  ALL_AUTHORITIES,
  HTR_UID,
  isAuthority,
  isBlockVersion,
  MAX_UINT64,
  TOKEN_AUTHORITY_MASK,
  TOKEN_MELT_MASK,
  TOKEN_MINT_MASK,
  tokenUidOf,
  VertexVersion,
} from './constants';

const TOKEN_A = 'aa'.repeat(32);
const TOKEN_B = 'bb'.repeat(32);

describe('tokenUidOf', () => {
  it('token_data 0 is HTR, whatever the tokens list holds', () => {
    expect(tokenUidOf(0, [])).toBe(HTR_UID);
    expect(tokenUidOf(0, [TOKEN_A])).toBe('00');
  });

  it('index i points at tokens[i - 1]', () => {
    expect(tokenUidOf(1, [TOKEN_A, TOKEN_B])).toBe(TOKEN_A);
    expect(tokenUidOf(2, [TOKEN_A, TOKEN_B])).toBe(TOKEN_B);
  });

  it('ignores the authority bit when picking the token', () => {
    expect(tokenUidOf(TOKEN_AUTHORITY_MASK | 2, [TOKEN_A, TOKEN_B])).toBe(TOKEN_B);
    expect(tokenUidOf(TOKEN_AUTHORITY_MASK, [TOKEN_A])).toBe(HTR_UID);
  });

  it('an index past the tokens list is an error that says both numbers', () => {
    expect(() => tokenUidOf(3, [TOKEN_A, TOKEN_B])).toThrow(
      'token_data 3 points at token index 3 but the vertex lists 2 token(s)',
    );
    expect(() => tokenUidOf(TOKEN_AUTHORITY_MASK | 1, [])).toThrow('token_data 129 points at token index 1');
  });
});

describe('Hathor bit layouts', () => {
  it('authority outputs are marked by bit 7 of token_data', () => {
    expect(isAuthority(0x81)).toBe(true);
    expect(isAuthority(0x01)).toBe(false);
  });

  it('mint and melt are bits 0 and 1 of an authority value', () => {
    expect([TOKEN_MINT_MASK, TOKEN_MELT_MASK, ALL_AUTHORITIES]).toEqual([1, 2, 3]);
  });

  it('block versions are regular, merge-mined and PoA blocks', () => {
    const blocks = Object.values(VertexVersion).filter(isBlockVersion);
    expect(blocks).toEqual([VertexVersion.REGULAR_BLOCK, VertexVersion.MERGE_MINED_BLOCK, VertexVersion.POA_BLOCK]);
  });

  it('MAX_UINT64 is 2^64 - 1', () => {
    expect(MAX_UINT64).toBe(18446744073709551615n);
  });
});
