'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('tx_proposal', `
  id VARCHAR(36) NOT NULL,
  wallet_id VARCHAR(64) NOT NULL,
  status ENUM('open', 'sent', 'send_error', 'cancelled') NOT NULL,
  created_at INT UNSIGNED NOT NULL,
  updated_at INT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY tx_proposal_wallet_id_idx (wallet_id)
`);
