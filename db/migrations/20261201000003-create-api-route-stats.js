'use strict';
const { createTable } = require('../lib/table');

// Request counts and latency histograms of the wallet API, per route and status. Every Lambda container
// counts in memory and adds its counts here now and then (one multi-row upsert), so GET /metrics reports
// the whole API, not the one container that happens to answer it. Each row counts the requests of one
// latency bucket (not cumulative): `le_ms` is the bucket's upper bound in milliseconds, 4294967295
// standing for +Inf, and sum_ms the total time of those requests.
module.exports = createTable('api_route_stats', `
  route VARCHAR(64) NOT NULL,
  status SMALLINT UNSIGNED NOT NULL,
  le_ms INT UNSIGNED NOT NULL,
  count BIGINT UNSIGNED NOT NULL DEFAULT 0,
  sum_ms DOUBLE NOT NULL DEFAULT 0,
  PRIMARY KEY (route, status, le_ms)
`);
