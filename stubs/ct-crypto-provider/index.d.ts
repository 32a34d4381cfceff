export declare enum ShieldedOutputMode {
  AMOUNT_SHIELDED = 1,
  FULLY_SHIELDED = 2,
}
