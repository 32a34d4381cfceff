'use strict';

// The cron that releases abandoned tx proposals asks every few minutes for the old open and send_error
// ones. Those are few at any time (the cron moves them on), but tx_proposal keeps every sent and cancelled
// proposal ever made: without (status, created_at) that question reads the whole table each run.
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query('ALTER TABLE tx_proposal ADD INDEX tx_proposal_status_created_idx (status, created_at)');
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query('ALTER TABLE tx_proposal DROP INDEX tx_proposal_status_created_idx');
  },
};
