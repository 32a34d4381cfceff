import type { Pool } from '@wallet-service/common';

export interface WalletSetup {
  id: string;
  xpubkey: string;
  auth_xpubkey: string;
  max_gap: number;
  addresses: { address: string; index: number }[];
}

/** Registers wallets as the API's wallet load leaves them: status ready, first max_gap addresses derived. */
export async function registerWallets(pool: Pool, wallets: WalletSetup[]): Promise<void> {
  for (const w of wallets) {
    await pool.query(
      "INSERT INTO wallet (id, xpubkey, auth_xpubkey, status, max_gap, created_at, ready_at) VALUES (?, ?, ?, 'ready', ?, 0, 0)",
      [w.id, w.xpubkey, w.auth_xpubkey, w.max_gap],
    );
    if (w.addresses.length === 0) continue;
    await pool.query('INSERT INTO address (address, `index`, wallet_id, transactions) VALUES ?', [
      w.addresses.map((a) => [a.address, a.index, w.id, 0]),
    ]);
  }
}
