'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('wallet', `
  id VARCHAR(64) NOT NULL,
  xpubkey VARCHAR(120) NOT NULL,
  status ENUM('creating', 'ready', 'error') NOT NULL DEFAULT 'creating',
  max_gap SMALLINT UNSIGNED NOT NULL DEFAULT 20,
  created_at INT UNSIGNED NOT NULL,
  ready_at INT UNSIGNED NULL,
  retry_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  auth_xpubkey VARCHAR(120) NOT NULL,
  last_used_address_index INT NOT NULL DEFAULT -1,
  PRIMARY KEY (id)
`);
