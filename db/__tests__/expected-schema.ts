/**
 * The schema every service relies on, written out by hand (daemon-spec §5; shielded columns left out).
 * The migration test reads information_schema and compares it with this list, so a migration that drops
 * or changes a column, an index or a key fails a test instead of an operator's query.
 *
 * Column format: `name type NULL|NOT NULL [DEFAULT value] [ON UPDATE CURRENT_TIMESTAMP]`, with integer
 * display widths removed and tinyint(1) written as boolean, so MySQL 8 and MariaDB read the same.
 * Index format: `[UNIQUE ]name(col, col)`; PRIMARY is always unique.
 */
export interface ExpectedTable {
  columns: string[];
  indexes: string[];
  foreignKeys?: string[];
}

const TIMESTAMPS = [
  'created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP',
  'updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
];

const BALANCE_COLUMNS = [
  'unlocked_balance bigint unsigned NOT NULL DEFAULT 0',
  'locked_balance bigint unsigned NOT NULL DEFAULT 0',
  'unlocked_authorities tinyint unsigned NOT NULL DEFAULT 0',
  'locked_authorities tinyint unsigned NOT NULL DEFAULT 0',
  'timelock_expires int unsigned NULL',
  'transactions int unsigned NOT NULL DEFAULT 0',
  'total_received bigint unsigned NOT NULL DEFAULT 0',
];

export const EXPECTED_SCHEMA: Record<string, ExpectedTable> = {
  api_route_stats: {
    columns: [
      'route varchar(64) NOT NULL',
      'status smallint unsigned NOT NULL',
      'le_ms int unsigned NOT NULL',
      'count bigint unsigned NOT NULL DEFAULT 0',
      'sum_ms double NOT NULL DEFAULT 0',
    ],
    indexes: ['UNIQUE PRIMARY(route, status, le_ms)'],
  },
  address: {
    columns: [
      'address varchar(34) NOT NULL',
      'index int unsigned NULL',
      'wallet_id varchar(64) NULL',
      'transactions int unsigned NOT NULL DEFAULT 0',
      'seqnum int NOT NULL DEFAULT 0',
    ],
    indexes: ['UNIQUE PRIMARY(address)', 'UNIQUE idx_wallet_address_index(wallet_id, index)'],
  },
  address_balance: {
    columns: ['address varchar(34) NOT NULL', 'token_id varchar(64) NOT NULL', ...BALANCE_COLUMNS, ...TIMESTAMPS],
    indexes: [
      'UNIQUE PRIMARY(address, token_id)',
      'address_balance_token_id_idx(token_id)',
    ],
  },
  address_tx_history: {
    columns: [
      'address varchar(34) NOT NULL',
      'tx_id varchar(64) NOT NULL',
      'token_id varchar(64) NOT NULL',
      'balance bigint NOT NULL',
      'timestamp int unsigned NOT NULL',
      'voided boolean NOT NULL DEFAULT 0',
    ],
    // No (voided) index: voided is always FALSE here (migration 20261207000002).
    indexes: ['UNIQUE PRIMARY(address, tx_id, token_id)'],
  },
  miner: {
    columns: [
      'address varchar(34) NOT NULL',
      'first_block varchar(64) NOT NULL',
      'last_block varchar(64) NOT NULL',
      'count bigint unsigned NOT NULL',
    ],
    indexes: ['UNIQUE PRIMARY(address)'],
  },
  notification_outbox: {
    columns: [
      'id bigint unsigned NOT NULL',
      'notification_id varchar(191) NOT NULL',
      'channel varchar(16) NOT NULL',
      'body mediumtext NOT NULL',
      'created_at_ms bigint unsigned NOT NULL',
    ],
    indexes: [
      'UNIQUE PRIMARY(id)',
      'notification_outbox_channel_idx(channel, id)',
      'UNIQUE notification_outbox_notification_id_idx(notification_id)',
    ],
  },
  push_devices: {
    columns: [
      'device_id varchar(256) NOT NULL',
      "push_provider enum('ios','android') NOT NULL",
      'wallet_id varchar(64) NOT NULL',
      'enable_push boolean NOT NULL DEFAULT 0',
      'enable_show_amounts boolean NOT NULL DEFAULT 0',
      'updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
    ],
    indexes: ['UNIQUE PRIMARY(device_id)', 'push_devices_wallet_id_idx(wallet_id)'],
    foreignKeys: ['push_devices_wallet_fk: (wallet_id) -> wallet ON DELETE RESTRICT ON UPDATE RESTRICT'],
  },
  sync_lock: {
    columns: ['id tinyint unsigned NOT NULL'],
    indexes: ['UNIQUE PRIMARY(id)'],
  },
  sync_metadata: {
    columns: [
      'id int NOT NULL',
      'last_event_id int unsigned NOT NULL',
      'stream_id varchar(64) NULL',
      'peer_id varchar(128) NULL',
      'network varchar(64) NULL',
      'updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
    ],
    indexes: ['UNIQUE PRIMARY(id)'],
  },
  token: {
    columns: [
      'id varchar(64) NOT NULL',
      'name varchar(30) NOT NULL',
      'symbol varchar(5) NOT NULL',
      'transactions int unsigned NOT NULL DEFAULT 0',
      'version int unsigned NOT NULL DEFAULT 1',
      ...TIMESTAMPS,
    ],
    indexes: ['UNIQUE PRIMARY(id)'],
  },
  token_creation: {
    columns: [
      'token_id varchar(64) NOT NULL',
      'tx_id varchar(64) NOT NULL',
      'first_block varchar(64) NULL',
      'created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP',
    ],
    indexes: [
      'UNIQUE PRIMARY(token_id)',
      'token_creation_first_block_idx(first_block)',
      'token_creation_tx_id_idx(tx_id)',
    ],
    foreignKeys: ['token_creation_token_fk: (token_id) -> token ON DELETE CASCADE ON UPDATE CASCADE'],
  },
  transaction: {
    columns: [
      'tx_id varchar(64) NOT NULL',
      'timestamp int unsigned NOT NULL',
      'version tinyint unsigned NOT NULL',
      'voided boolean NOT NULL DEFAULT 0',
      'height int unsigned NULL',
      'weight double NULL',
      'first_block varchar(64) NULL',
      ...TIMESTAMPS,
    ],
    indexes: [
      'UNIQUE PRIMARY(tx_id)',
      'transaction_block_height_idx(voided, version, height)',
      'transaction_height_idx(height)',
    ],
  },
  tx_output: {
    columns: [
      // A sequential key (migration 20261207000001): new outputs are appended, not scattered by tx hash.
      'id bigint unsigned NOT NULL',
      'tx_id varchar(64) NOT NULL',
      'index smallint unsigned NOT NULL',
      'token_id varchar(64) NOT NULL',
      'address varchar(34) NOT NULL',
      'value bigint unsigned NOT NULL',
      'authorities tinyint unsigned NULL',
      'timelock int unsigned NULL',
      'heightlock int unsigned NULL',
      'locked boolean NOT NULL DEFAULT 0',
      'tx_proposal varchar(36) NULL',
      'tx_proposal_index tinyint unsigned NULL',
      'spent_by varchar(64) NULL',
      'voided boolean NOT NULL DEFAULT 0',
    ],
    indexes: [
      'UNIQUE PRIMARY(id)',
      'UNIQUE tx_output_output_key(tx_id, index)',
      'idx_tx_output_locked_timelock(locked, timelock)',
      'idx_tx_output_utxo_lookup(address, token_id, spent_by, voided, locked, authorities, value, tx_proposal, timelock, heightlock, tx_id, index)',
      'tx_output_heightlock_idx(heightlock)',
      'tx_output_spent_by_idx(spent_by)',
      'tx_output_token_id_idx(token_id, spent_by, voided, authorities, value, tx_id, index)',
      'tx_output_tx_proposal_idx(tx_proposal)',
    ],
  },
  tx_proposal: {
    columns: [
      'id varchar(36) NOT NULL',
      'wallet_id varchar(64) NOT NULL',
      "status enum('open','sent','send_error','cancelled') NOT NULL",
      'created_at int unsigned NOT NULL',
      'updated_at int unsigned NULL',
    ],
    indexes: ['UNIQUE PRIMARY(id)', 'tx_proposal_status_created_idx(status, created_at)', 'tx_proposal_wallet_id_idx(wallet_id)'],
  },
  version_data: {
    columns: ['id int unsigned NOT NULL DEFAULT 1', 'timestamp bigint unsigned NOT NULL', 'data text NOT NULL'],
    indexes: ['UNIQUE PRIMARY(id)'],
  },
  wallet: {
    columns: [
      'id varchar(64) NOT NULL',
      'xpubkey varchar(120) NOT NULL',
      "status enum('creating','ready','error') NOT NULL DEFAULT creating",
      'max_gap smallint unsigned NOT NULL DEFAULT 20',
      'created_at int unsigned NOT NULL',
      'ready_at int unsigned NULL',
      'retry_count smallint unsigned NOT NULL DEFAULT 0',
      'auth_xpubkey varchar(120) NOT NULL',
      'last_used_address_index int NOT NULL DEFAULT -1',
    ],
    indexes: ['UNIQUE PRIMARY(id)'],
  },
  wallet_balance: {
    columns: ['wallet_id varchar(64) NOT NULL', 'token_id varchar(64) NOT NULL', ...BALANCE_COLUMNS],
    indexes: ['UNIQUE PRIMARY(wallet_id, token_id)'],
  },
  wallet_tx_history: {
    columns: [
      'wallet_id varchar(64) NOT NULL',
      'token_id varchar(64) NOT NULL',
      'tx_id varchar(64) NOT NULL',
      'balance bigint NOT NULL',
      'timestamp int unsigned NOT NULL',
      'voided boolean NOT NULL DEFAULT 0',
    ],
    indexes: [
      'UNIQUE PRIMARY(wallet_id, token_id, tx_id)',
      'wallet_tx_history_tx_id_idx(tx_id)',
      'wallet_tx_history_wallet_token_timestamp_idx(wallet_id, token_id, timestamp)',
    ],
  },
  ws_connection: {
    columns: ['connection_id varchar(128) NOT NULL', 'connected_at int unsigned NOT NULL'],
    indexes: ['UNIQUE PRIMARY(connection_id)'],
  },
  ws_wallet_connection: {
    columns: ['wallet_id varchar(64) NOT NULL', 'connection_id varchar(128) NOT NULL', 'joined_at int unsigned NOT NULL'],
    indexes: ['UNIQUE PRIMARY(wallet_id, connection_id)', 'ws_wallet_connection_connection_idx(connection_id)'],
    foreignKeys: ['ws_wallet_connection_connection_fk: (connection_id) -> ws_connection ON DELETE CASCADE ON UPDATE RESTRICT'],
  },
  ws_delivery: {
    columns: [
      'notification_id varchar(128) NOT NULL',
      'connection_id varchar(128) NOT NULL',
      'claim char(32) NOT NULL',
      'claimed_at int unsigned NOT NULL',
      'sent boolean NOT NULL DEFAULT 0',
    ],
    indexes: ['UNIQUE PRIMARY(notification_id, connection_id)', 'ws_delivery_claimed_at_idx(claimed_at)'],
  },
};
