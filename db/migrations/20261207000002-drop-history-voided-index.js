'use strict';

// address_tx_history.voided is always FALSE (the daemon deletes the history rows of a voided tx), so its
// index selects nothing: every statement reads the history by address (the primary key's prefix), and
// verify's counts scan the table. Yet each history row added an entry to it, keyed after voided by the
// address: over 1,000,011 generated events it had grown to 123 MiB, the fourth largest structure the
// daemon writes, in random order.
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query('ALTER TABLE address_tx_history DROP INDEX address_tx_history_voided_idx');
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query('ALTER TABLE address_tx_history ADD INDEX address_tx_history_voided_idx (voided)');
  },
};
