'use strict';
const { createTable } = require('../lib/table');

// Which transaction created each token (and, for tokens created by a nano execution, in which block),
// so voids and re-executions delete exactly the tokens they undo.
module.exports = createTable('token_creation', `
  token_id VARCHAR(64) NOT NULL,
  tx_id VARCHAR(64) NOT NULL,
  first_block VARCHAR(64) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (token_id),
  KEY token_creation_tx_id_idx (tx_id),
  KEY token_creation_first_block_idx (first_block),
  CONSTRAINT token_creation_token_fk FOREIGN KEY (token_id) REFERENCES token (id) ON DELETE CASCADE ON UPDATE CASCADE
`);
