'use strict';
// wallet-lib 4.1.0 requires this module only for the ShieldedOutputMode enum (lib/shielded/types.js);
// the crypto provider itself is injected by callers and only used for shielded outputs, which we never build.
const ShieldedOutputMode = {};
ShieldedOutputMode[(ShieldedOutputMode.AMOUNT_SHIELDED = 1)] = 'AMOUNT_SHIELDED';
ShieldedOutputMode[(ShieldedOutputMode.FULLY_SHIELDED = 2)] = 'FULLY_SHIELDED';
exports.ShieldedOutputMode = ShieldedOutputMode;
