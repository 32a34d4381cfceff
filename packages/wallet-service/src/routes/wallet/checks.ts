import { checkProofs, checkTimestamp } from '../../auth/proofs';
import { receivingAddress, walletIdOf } from '../../auth/signature';
import type { ApiConfig } from '../../config';
import { invalidPayload } from '../../http/errors';
import type { WalletProofBody } from './proofBody';

/**
 * What /wallet/init and PUT /wallet/auth both check before touching a row: the timestamp window, the two
 * proofs, and (CONFIRM_FIRST_ADDRESS) that the client derives the same first address we do.
 */
export function checkWalletProofs(body: WalletProofBody, config: ApiConfig, now: number): string {
  checkTimestamp(body.timestamp, now, config.AUTH_MAX_TIMESTAMP_SHIFT_S, 'timestamp', 'invalid-payload');
  const walletId = walletIdOf(body.xpubkey);
  checkProofs(
    [
      { field: 'xpubkeySignature', xpub: body.xpubkey, signature: body.xpubkeySignature },
      { field: 'authXpubkeySignature', xpub: body.authXpubkey, signature: body.authXpubkeySignature },
    ],
    body.timestamp,
    walletId,
    config.NETWORK,
  );
  if (config.CONFIRM_FIRST_ADDRESS) {
    if (body.firstAddress === undefined) throw invalidPayload([{ message: '"firstAddress" is required', path: ['firstAddress'] }]);
    const derived = receivingAddress(body.xpubkey, 0, config.NETWORK);
    if (derived !== body.firstAddress) {
      throw invalidPayload([{ message: `Expected first address to be ${body.firstAddress} but it is ${derived}`, path: ['firstAddress'] }]);
    }
  }
  return walletId;
}
