/** Uid of the native token (HTR). */
export const HTR_UID = '00';
export const HTR_NAME = 'Hathor';
export const HTR_SYMBOL = 'HTR';

/** token_data: bit 7 marks an authority output, bits 0-6 index the tx's `tokens` list (0 = HTR). */
export const TOKEN_AUTHORITY_MASK = 0x80;
export const TOKEN_INDEX_MASK = 0x7f;

/** Authority outputs carry a bitmask in `value`. */
export const TOKEN_MINT_MASK = 0b01;
export const TOKEN_MELT_MASK = 0b10;
export const ALL_AUTHORITIES = TOKEN_MINT_MASK | TOKEN_MELT_MASK;

/** Token versions as the node reports them on TOKEN_CREATED. */
export const TOKEN_VERSION_NATIVE = 0;
export const TOKEN_VERSION_DEPOSIT = 1;
export const TOKEN_VERSION_FEE = 2;

/** Vertex versions. */
export const VertexVersion = {
  REGULAR_BLOCK: 0,
  REGULAR_TRANSACTION: 1,
  TOKEN_CREATION_TRANSACTION: 2,
  MERGE_MINED_BLOCK: 3,
  NANO_CONTRACT: 4,
  POA_BLOCK: 5,
  ON_CHAIN_BLUEPRINT: 6,
} as const;

/** The versions that are blocks (the one list; SQL that needs them spells them from it). */
export const BLOCK_VERSIONS: readonly number[] = [VertexVersion.REGULAR_BLOCK, VertexVersion.MERGE_MINED_BLOCK, VertexVersion.POA_BLOCK];
const BLOCK_VERSION_SET: ReadonlySet<number> = new Set(BLOCK_VERSIONS);

export function isBlockVersion(version: number): boolean {
  return BLOCK_VERSION_SET.has(version);
}

/** Header id of a nano-contract header inside a vertex's `headers`. */
export const NANO_HEADER_ID = '10';

/** Largest value an unsigned 64-bit amount column can hold. */
export const MAX_UINT64 = (1n << 64n) - 1n;

/** Token uid of an output from its token_data and the vertex's `tokens` list; throws on a bad index. */
export function tokenUidOf(tokenData: number, tokens: readonly string[]): string {
  const index = tokenData & TOKEN_INDEX_MASK;
  if (index === 0) return HTR_UID;
  const uid = tokens[index - 1];
  if (uid === undefined) {
    throw new Error(`token_data ${tokenData} points at token index ${index} but the vertex lists ${tokens.length} token(s)`);
  }
  return uid;
}

export function isAuthority(tokenData: number): boolean {
  return (tokenData & TOKEN_AUTHORITY_MASK) !== 0;
}
