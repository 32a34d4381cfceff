'use strict';
const { createTable } = require('../lib/table');

module.exports = createTable('push_devices', `
  device_id VARCHAR(256) NOT NULL,
  push_provider ENUM('ios', 'android') NOT NULL,
  wallet_id VARCHAR(64) NOT NULL,
  enable_push BOOLEAN NOT NULL DEFAULT FALSE,
  enable_show_amounts BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (device_id),
  KEY push_devices_wallet_id_idx (wallet_id),
  CONSTRAINT push_devices_wallet_fk FOREIGN KEY (wallet_id) REFERENCES wallet (id)
`);
