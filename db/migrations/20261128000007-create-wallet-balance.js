'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('wallet_balance', `
  wallet_id VARCHAR(64) NOT NULL,
  token_id VARCHAR(64) NOT NULL,
  unlocked_balance BIGINT UNSIGNED NOT NULL DEFAULT 0,
  locked_balance BIGINT UNSIGNED NOT NULL DEFAULT 0,
  unlocked_authorities TINYINT UNSIGNED NOT NULL DEFAULT 0,
  locked_authorities TINYINT UNSIGNED NOT NULL DEFAULT 0,
  timelock_expires INT UNSIGNED NULL,
  transactions INT UNSIGNED NOT NULL DEFAULT 0,
  total_received BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (wallet_id, token_id)
`);
