'use strict';

// Every secondary index costs each write of its table, and the daemon writes these tables once or more
// per event. These are the ones no statement of the daemon, the API, its crons or verify needs (each
// query checked with EXPLAIN): nothing filters or sorts on them, or another index serves the same query
// as well — (voided, version, height) every version filter, since each also has voided = FALSE;
// (locked, timelock) every timelock filter and the (locked) prefix that (locked, heightlock) served;
// address_tx_history's primary key (address, …) what (address, voided, token_id) served, voided being
// always FALSE there (voided history rows are deleted); for tx_output.voided, verify's one full scan reads
// the (token_id, …) index instead.
const DROPS = [
  ['transaction', 'transaction_version_idx', '(version)'],
  ['transaction', 'transaction_updated_at_idx', '(updated_at)'],
  ['transaction', 'transaction_first_block_idx', '(first_block)'],
  ['tx_output', 'tx_output_timelock_idx', '(timelock)'],
  ['tx_output', 'tx_output_voided_idx', '(voided)'],
  ['tx_output', 'idx_tx_output_locked_heightlock', '(locked, heightlock)'],
  ['address', 'address_index_idx', '(`index`)'],
  ['address_balance', 'address_balance_updated_at_idx', '(updated_at)'],
  ['address_tx_history', 'address_tx_history_tx_id_idx', '(tx_id)'],
  ['address_tx_history', 'address_tx_history_token_id_idx', '(token_id)'],
  ['address_tx_history', 'address_tx_history_timestamp_idx', '(timestamp)'],
  ['address_tx_history', 'idx_address_tx_history_addr_voided_token', '(address, voided, token_id)'],
];

const byTable = () => {
  const tables = new Map();
  for (const [table, index, columns] of DROPS) tables.set(table, [...(tables.get(table) ?? []), [index, columns]]);
  return tables;
};

module.exports = {
  async up(queryInterface) {
    // One ALTER per table: each rebuilds its table's index set once.
    for (const [table, indexes] of byTable()) {
      await queryInterface.sequelize.query(`ALTER TABLE \`${table}\` ${indexes.map(([index]) => `DROP INDEX ${index}`).join(', ')}`);
    }
  },
  async down(queryInterface) {
    for (const [table, indexes] of byTable()) {
      await queryInterface.sequelize.query(`ALTER TABLE \`${table}\` ${indexes.map(([index, columns]) => `ADD INDEX ${index} ${columns}`).join(', ')}`);
    }
  },
};
