'use strict';

// The wallet API pages a wallet's history per token, newest first (WHERE wallet_id = ? AND token_id = ?
// ORDER BY timestamp DESC, tx_id DESC LIMIT skip, count): with (wallet_id, token_id, timestamp) — InnoDB
// appends the primary key's tx_id — a page deep in a 100,000-tx history is an index range walk, not a
// filesort. It replaces (wallet_id, timestamp), which no query used once the API filters by token.
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query(
      'ALTER TABLE wallet_tx_history DROP INDEX wallet_tx_history_wallet_timestamp_idx, ' +
        'ADD INDEX wallet_tx_history_wallet_token_timestamp_idx (wallet_id, token_id, timestamp)',
    );
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query(
      'ALTER TABLE wallet_tx_history DROP INDEX wallet_tx_history_wallet_token_timestamp_idx, ' +
        'ADD INDEX wallet_tx_history_wallet_timestamp_idx (wallet_id, timestamp)',
    );
  },
};
