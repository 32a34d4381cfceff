'use strict';
const { createTable } = require('../lib/table');

// version: 0 native (HTR), 1 deposit-based, 2 fee-based.
module.exports = createTable('token', `
  id VARCHAR(64) NOT NULL,
  name VARCHAR(30) NOT NULL,
  symbol VARCHAR(5) NOT NULL,
  transactions INT UNSIGNED NOT NULL DEFAULT 0,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
`);
