'use strict';
// Shared by every migration: tables are written as plain SQL that both MySQL 8 and MariaDB 10.11 accept.
// Binary collation because addresses (base58) and ids are case-sensitive: two addresses that differ
// only in letter case are different addresses and must never collide on a key.
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

function createTable(name, body) {
  return {
    async up(queryInterface) {
      await queryInterface.sequelize.query(`CREATE TABLE \`${name}\` (\n${body}\n) ${TABLE_OPTIONS}`);
    },
    async down(queryInterface) {
      await queryInterface.sequelize.query(`DROP TABLE IF EXISTS \`${name}\``);
    },
  };
}

module.exports = { createTable };
