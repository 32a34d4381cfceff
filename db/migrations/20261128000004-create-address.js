'use strict';
const { createTable } = require('../lib/table');

// index/wallet_id are NULL for addresses seen on chain that no registered wallet owns (yet).
module.exports = createTable('address', `
  address VARCHAR(34) NOT NULL,
  \`index\` INT UNSIGNED NULL,
  wallet_id VARCHAR(64) NULL,
  transactions INT UNSIGNED NOT NULL DEFAULT 0,
  seqnum INT NOT NULL DEFAULT 0,
  PRIMARY KEY (address),
  KEY address_index_idx (\`index\`),
  UNIQUE KEY idx_wallet_address_index (wallet_id, \`index\`)
`);
