'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('address_balance', `
  address VARCHAR(34) NOT NULL,
  token_id VARCHAR(64) NOT NULL,
  unlocked_balance BIGINT UNSIGNED NOT NULL DEFAULT 0,
  locked_balance BIGINT UNSIGNED NOT NULL DEFAULT 0,
  unlocked_authorities TINYINT UNSIGNED NOT NULL DEFAULT 0,
  locked_authorities TINYINT UNSIGNED NOT NULL DEFAULT 0,
  timelock_expires INT UNSIGNED NULL,
  transactions INT UNSIGNED NOT NULL DEFAULT 0,
  total_received BIGINT UNSIGNED NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (address, token_id),
  KEY address_balance_updated_at_idx (updated_at),
  KEY address_balance_token_id_idx (token_id)
`);
