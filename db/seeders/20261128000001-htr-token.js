'use strict';
// The native token row. `transactions` is computed from what the database already holds: distinct
// non-voided transactions that create an HTR output or spend one. Safe to run any number of times: the
// row is inserted if missing and its count recomputed either way.
const REQUIRED_TABLES = ['token', 'transaction', 'tx_output'];

const COUNT_HTR_TRANSACTIONS = `
  SELECT COUNT(*) AS n FROM (
    SELECT o.tx_id AS tx_id FROM tx_output o WHERE o.token_id = '00'
    UNION
    SELECT o.spent_by AS tx_id FROM tx_output o WHERE o.token_id = '00' AND o.spent_by IS NOT NULL
  ) htr
  JOIN \`transaction\` t ON t.tx_id = htr.tx_id
  WHERE t.voided = FALSE`;

async function assertSchema(sequelize) {
  const [rows] = await sequelize.query(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
  );
  const present = new Set(rows.map((r) => r.name ?? r.NAME ?? r.TABLE_NAME));
  for (const table of REQUIRED_TABLES) {
    if (!present.has(table)) {
      throw new Error(`table \`${table}\` is missing: run the migrations first (yarn sequelize-cli db:migrate)`);
    }
  }
}

module.exports = {
  async up(queryInterface) {
    const { sequelize } = queryInterface;
    await assertSchema(sequelize);
    await sequelize.transaction(async (transaction) => {
      await sequelize.query(
        "INSERT IGNORE INTO token (id, name, symbol, version, transactions) VALUES ('00', 'Hathor', 'HTR', 0, 0)",
        { transaction },
      );
      await sequelize.query(
        `UPDATE token SET name = 'Hathor', symbol = 'HTR', version = 0,
           transactions = (SELECT n FROM (${COUNT_HTR_TRANSACTIONS}) c) WHERE id = '00'`,
        { transaction },
      );
    });
  },
  async down(queryInterface) {
    await queryInterface.sequelize.query("DELETE FROM token WHERE id = '00'");
  },
};
