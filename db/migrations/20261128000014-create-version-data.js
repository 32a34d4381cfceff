'use strict';
const { createTable } = require('../lib/table');

// Cache of the full node's /version answer, kept by the API.
module.exports = createTable('version_data', `
  id INT UNSIGNED NOT NULL DEFAULT 1,
  timestamp BIGINT UNSIGNED NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (id)
`);
