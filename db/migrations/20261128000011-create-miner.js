'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('miner', `
  address VARCHAR(34) NOT NULL,
  first_block VARCHAR(64) NOT NULL,
  last_block VARCHAR(64) NOT NULL,
  count BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (address)
`);
