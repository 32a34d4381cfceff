'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('wallet_tx_history', `
  wallet_id VARCHAR(64) NOT NULL,
  token_id VARCHAR(64) NOT NULL,
  tx_id VARCHAR(64) NOT NULL,
  balance BIGINT NOT NULL,
  timestamp INT UNSIGNED NOT NULL,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (wallet_id, token_id, tx_id),
  KEY wallet_tx_history_tx_id_idx (tx_id),
  KEY wallet_tx_history_wallet_timestamp_idx (wallet_id, timestamp)
`);
