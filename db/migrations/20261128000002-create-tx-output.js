'use strict';
const { createTable } = require('../lib/table');

// value is 0 and authorities holds the mint/melt bitmask for authority outputs.
// No separate (address) or (locked) index: they would be exact prefixes of idx_tx_output_utxo_lookup and
// idx_tx_output_locked_heightlock, which serve the same lookups, and every index costs each output write.
module.exports = createTable('tx_output', `
  tx_id VARCHAR(64) NOT NULL,
  \`index\` SMALLINT UNSIGNED NOT NULL,
  token_id VARCHAR(64) NOT NULL,
  address VARCHAR(34) NOT NULL,
  value BIGINT UNSIGNED NOT NULL,
  authorities TINYINT UNSIGNED NULL,
  timelock INT UNSIGNED NULL,
  heightlock INT UNSIGNED NULL,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  tx_proposal VARCHAR(36) NULL,
  tx_proposal_index TINYINT UNSIGNED NULL,
  spent_by VARCHAR(64) NULL,
  voided BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (tx_id, \`index\`),
  KEY tx_output_heightlock_idx (heightlock),
  KEY tx_output_timelock_idx (timelock),
  KEY tx_output_token_id_idx (token_id),
  KEY tx_output_tx_proposal_idx (tx_proposal),
  KEY tx_output_spent_by_idx (spent_by),
  KEY tx_output_voided_idx (voided),
  KEY idx_tx_output_utxo_lookup (address, token_id, spent_by, voided, locked, authorities),
  KEY idx_tx_output_locked_heightlock (locked, heightlock),
  KEY idx_tx_output_locked_timelock (locked, timelock)
`);
