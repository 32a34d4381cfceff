'use strict';
const { createTable } = require('../lib/table');

// balance is the signed net change of the address's balance of token_id made by tx_id.
module.exports = createTable('address_tx_history', `
  address VARCHAR(34) NOT NULL,
  tx_id VARCHAR(64) NOT NULL,
  token_id VARCHAR(64) NOT NULL,
  balance BIGINT NOT NULL,
  timestamp INT UNSIGNED NOT NULL,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (address, tx_id, token_id),
  KEY address_tx_history_tx_id_idx (tx_id),
  KEY address_tx_history_token_id_idx (token_id),
  KEY address_tx_history_voided_idx (voided),
  KEY address_tx_history_timestamp_idx (timestamp),
  KEY idx_address_tx_history_addr_voided_token (address, voided, token_id)
`);
