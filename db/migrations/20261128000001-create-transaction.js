'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('transaction', `
  tx_id VARCHAR(64) NOT NULL,
  timestamp INT UNSIGNED NOT NULL,
  version TINYINT UNSIGNED NOT NULL,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  height INT UNSIGNED NULL,
  weight DOUBLE NULL,
  first_block VARCHAR(64) NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (tx_id),
  KEY transaction_version_idx (version),
  KEY transaction_height_idx (height),
  KEY transaction_updated_at_idx (updated_at),
  KEY transaction_first_block_idx (first_block),
  KEY transaction_block_height_idx (voided, version, height)
`);
