'use strict';
const { createTable } = require('../lib/table');

// Notifications the daemon owes the outside world (the new-tx queue, push requests). Rows are written in
// the same transaction as the batch that causes them, so a rolled-back batch leaves none and a committed
// one can never lose them; the daemon's publisher deletes a row once its destination accepted it. `id`
// is the commit order (one writer at a time holds the sync lock); `notification_id` is what consumers
// dedupe on, stable across resends; (channel, id) lets each destination drain in order on its own.
module.exports = createTable('notification_outbox', `
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  notification_id VARCHAR(191) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  created_at_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY notification_outbox_notification_id_idx (notification_id),
  KEY notification_outbox_channel_idx (channel, id)
`);
