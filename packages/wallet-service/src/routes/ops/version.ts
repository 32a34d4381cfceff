import { HTR_NAME, HTR_SYMBOL } from '@wallet-service/common';
import { z } from 'zod';
import { nodeVersionOf, type NodeVersion } from '../../fullnode/version';
import { defineRoute } from '../../http/route';

const enabled = (v: NodeVersion['nano_contracts_enabled']) => v === true || v === 'enabled' || v === 'feature_activation';

/** GET /version: the node's network and transaction constants the client builds transactions with. */
export const version = defineRoute({
  name: 'version',
  method: 'GET',
  path: '/version',
  summary: 'Network, weights, deposit and limits of the full node the service follows',
  auth: 'none',
  db: 'write',
  query: z.strictObject({}),
  async run({ app, db, now }) {
    const v = await nodeVersionOf(app, db, now);
    return {
      success: true,
      data: {
        timestamp: now,
        version: v.version,
        network: v.network,
        nanoContractsEnabled: enabled(v.nano_contracts_enabled),
        minWeight: v.min_weight,
        minTxWeight: v.min_tx_weight,
        minTxWeightCoefficient: v.min_tx_weight_coefficient,
        minTxWeightK: v.min_tx_weight_k,
        tokenDepositPercentage: v.token_deposit_percentage,
        tokenDepositPercentageNumerator: v.token_deposit_percentage_numerator,
        tokenDepositPercentageDenominator: v.token_deposit_percentage_denominator,
        rewardSpendMinBlocks: v.reward_spend_min_blocks,
        maxNumberInputs: v.max_number_inputs,
        maxNumberOutputs: v.max_number_outputs,
        decimalPlaces: v.decimal_places ?? 2,
        nativeTokenName: v.native_token?.name ?? HTR_NAME,
        nativeTokenSymbol: v.native_token?.symbol ?? HTR_SYMBOL,
        genesisBlockHash: v.genesis_block_hash ?? null,
        genesisTx1Hash: v.genesis_tx1_hash ?? null,
        genesisTx2Hash: v.genesis_tx2_hash ?? null,
      },
    };
  },
});
