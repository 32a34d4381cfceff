'use strict';

// Websocket state of the wallet API (api-spec §4.13), kept in the database the API already has instead
// of a Redis of its own. The consumer of the new-tx queue asks "which connections listen to these
// wallets?" once per transaction, so joins are keyed by wallet first; $disconnect and a gone connection
// delete the connection row and its joins go with it (the cascade). ws_delivery remembers which
// notification ids reached which connection, so a queue resend (the daemon publishes at least once) is
// not shown twice: a row is claimed before the send and marked sent after; a claim left unsent by a
// crashed consumer may be taken over once it is older than the lease. Rows expire by claimed_at.
const OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

module.exports = {
  async up(queryInterface) {
    const q = (sql) => queryInterface.sequelize.query(sql);
    await q(`CREATE TABLE ws_connection (
  connection_id VARCHAR(128) NOT NULL,
  connected_at INT UNSIGNED NOT NULL,
  PRIMARY KEY (connection_id)
) ${OPTIONS}`);
    await q(`CREATE TABLE ws_wallet_connection (
  wallet_id VARCHAR(64) NOT NULL,
  connection_id VARCHAR(128) NOT NULL,
  joined_at INT UNSIGNED NOT NULL,
  PRIMARY KEY (wallet_id, connection_id),
  KEY ws_wallet_connection_connection_idx (connection_id),
  CONSTRAINT ws_wallet_connection_connection_fk FOREIGN KEY (connection_id) REFERENCES ws_connection (connection_id) ON DELETE CASCADE ON UPDATE RESTRICT
) ${OPTIONS}`);
    await q(`CREATE TABLE ws_delivery (
  notification_id VARCHAR(128) NOT NULL,
  connection_id VARCHAR(128) NOT NULL,
  claim CHAR(32) NOT NULL,
  claimed_at INT UNSIGNED NOT NULL,
  sent BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (notification_id, connection_id),
  KEY ws_delivery_claimed_at_idx (claimed_at)
) ${OPTIONS}`);
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query('DROP TABLE IF EXISTS ws_delivery');
    await queryInterface.sequelize.query('DROP TABLE IF EXISTS ws_wallet_connection');
    await queryInterface.sequelize.query('DROP TABLE IF EXISTS ws_connection');
  },
};
