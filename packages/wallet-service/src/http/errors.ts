/**
 * Every error a client can see, with its HTTP status (api-spec §1, plus the outage codes this API adds so
 * a transient failure is a prompt, well-named answer instead of a hang or a bare 500).
 */
export const STATUS_BY_CODE = {
  'missing-parameter': 400,
  'invalid-body': 400,
  'invalid-tx-weight': 400,
  'invalid-selection-algorithm': 400,
  'invalid-parameter': 400,
  'invalid-auth-signature': 400,
  'invalid-payload': 400,
  'inputs-not-found': 400,
  'inputs-already-used': 400,
  'inputs-not-in-wallet': 400,
  'inputs-locked': 400,
  'insufficient-funds': 400,
  'insufficient-inputs': 400,
  'too-many-inputs': 400,
  'too-many-outputs': 400,
  'tx-proposal-not-found': 404,
  'tx-proposal-not-open': 400,
  'tx-proposal-send-error': 400,
  'tx-proposal-no-match': 400,
  'wallet-not-found': 404,
  'wallet-not-ready': 400,
  'wallet-already-loaded': 400,
  'wallet-max-retries': 400,
  'address-not-in-wallet': 400,
  'address-not-found': 404,
  'token-not-found': 404,
  'device-not-found': 404,
  'tx-not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  'unknown-error': 500,
  'internal-server-error': 500,
  'fullnode-error': 502,
  'fullnode-unavailable': 502,
  'database-unavailable': 503,
  'fullnode-timeout': 504,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** A failure with a client-visible code; `extra` fields are merged into the body next to `error`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    readonly extra: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? code);
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export interface Detail {
  message: string;
  path: (string | number)[];
}

/** 400 invalid-payload with one detail per problem. */
export function invalidPayload(details: Detail[]): ApiError {
  return new ApiError('invalid-payload', { details }, details.map((d) => d.message).join('; '));
}
