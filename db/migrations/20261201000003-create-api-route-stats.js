'use strict';
const { createTable } = require('../lib/table');

// Request counts and latency histograms of the wallet API, per route and status. Every Lambda container
// counts in memory and adds its counts here now and then (one multi-row upsert), so GET /metrics reports
// the whole API, not the one container that happens to answer it. `le_ms` is the histogram bucket's
// upper bound in milliseconds (0 for the +Inf bucket); sum_ms is kept on the +Inf row.
module.exports = createTable('api_route_stats', `
  route VARCHAR(64) NOT NULL,
  status SMALLINT UNSIGNED NOT NULL,
  le_ms INT UNSIGNED NOT NULL,
  count BIGINT UNSIGNED NOT NULL DEFAULT 0,
  sum_ms DOUBLE NOT NULL DEFAULT 0,
  PRIMARY KEY (route, status, le_ms)
`);
