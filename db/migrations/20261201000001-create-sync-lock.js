'use strict';
const { createTable } = require('../lib/table');

// The handshake between the daemon and the wallet API's wallet load. The daemon takes this row's lock
// (SELECT … FOR UPDATE) as the first statement of every transaction it commits; the load takes it as the
// first statement of the transaction that claims a wallet's addresses, builds its balances and history and
// marks it ready. The two therefore never interleave: a load sees every batch committed before it, and
// every batch after it sees the wallet ready. Not data: the README's reset leaves it alone, and both sides
// re-insert the row (INSERT IGNORE, outside their transaction) if it is ever missing.
module.exports = {
  async up(queryInterface) {
    await createTable('sync_lock', `
  id TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (id)
`).up(queryInterface);
    await queryInterface.sequelize.query('INSERT INTO sync_lock (id) VALUES (1)');
  },
  async down(queryInterface) {
    await createTable('sync_lock', '').down(queryInterface);
  },
};
