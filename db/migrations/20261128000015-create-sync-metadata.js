'use strict';
const { createTable } = require('../lib/table');

// The daemon's cursor: one row (id 0). last_event_id is written in the same transaction as the data it
// describes; stream_id / peer_id / network say which node stream the data came from, so a database synced
// from another stream is refused instead of silently mixed.
module.exports = createTable('sync_metadata', `
  id INT NOT NULL,
  last_event_id INT UNSIGNED NOT NULL,
  stream_id VARCHAR(64) NULL,
  peer_id VARCHAR(128) NULL,
  network VARCHAR(64) NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
`);
