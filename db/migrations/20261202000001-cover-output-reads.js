'use strict';

// Two wallet API reads of tx_output, answered from indexes alone (a whale wallet has ~50,000 unspent
// outputs; fetching each from the clustered index made them take over 100 ms):
// - tx_outputs / utxos: every filter the client sends (token, spent, voided, lock, authority, value range,
//   tx proposal, time and height locks) is a column of the per-address lookup index, so the wallet's
//   candidates are ranked by value without reading a row, and only the page's rows are fetched;
// - token details: the token's unspent supply sums (token_id, spent_by, voided, authorities, value).
// Both widen an existing index (its old columns stay its prefix), so the daemon's lookups are unchanged
// and no index is added to each output write.
const UTXO_OLD = '(address, token_id, spent_by, voided, locked, authorities)';
const UTXO_NEW = '(address, token_id, spent_by, voided, locked, authorities, value, tx_proposal, timelock, heightlock)';
const TOKEN_OLD = '(token_id)';
const TOKEN_NEW = '(token_id, spent_by, voided, authorities, value)';

const alter = (utxo, token) =>
  'ALTER TABLE tx_output DROP INDEX idx_tx_output_utxo_lookup, DROP INDEX tx_output_token_id_idx, ' +
  `ADD INDEX idx_tx_output_utxo_lookup ${utxo}, ADD INDEX tx_output_token_id_idx ${token}`;

module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query(alter(UTXO_NEW, TOKEN_NEW));
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query(alter(UTXO_OLD, TOKEN_OLD));
  },
};
