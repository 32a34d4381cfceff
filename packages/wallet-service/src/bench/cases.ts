import { HTR_UID } from '@wallet-service/common';
import type { RouteSpec } from '../http/route';
import { walletAddressInfo } from '../routes/addresses/info';
import { walletAddressesList } from '../routes/addresses/list';
import { walletNewAddresses } from '../routes/addresses/fresh';
import { walletBalancesRoute } from '../routes/balances';
import { walletHistory } from '../routes/history/list';
import { walletTxOutputs, walletUtxos } from '../routes/outputs/txOutputs';
import { tokenDetails } from '../routes/tokens/details';
import { walletTokens } from '../routes/tokens/list';

/** One measured request: a read route with the parameters a client sends (the same in-process and over HTTP). */
export interface BenchCase {
  label: string;
  route: RouteSpec;
  query: Record<string, string | string[]>;
  params?: Record<string, string>;
}

export interface CaseInputs {
  tokenId: string;
  addresses: string[];
}

export function benchCases(w: CaseInputs): BenchCase[] {
  const some = w.addresses.slice(Math.floor(w.addresses.length / 5), Math.floor(w.addresses.length / 5) + 10);
  return [
    { label: 'balances', route: walletBalancesRoute, query: {} },
    { label: 'history, first page', route: walletHistory, query: { token_id: HTR_UID, skip: '0', count: '50' } },
    { label: 'history, 1,000 deep', route: walletHistory, query: { token_id: HTR_UID, skip: '1000', count: '50' } },
    { label: 'history, custom token', route: walletHistory, query: { token_id: w.tokenId, skip: '0', count: '50' } },
    { label: 'tx_outputs totalAmount', route: walletTxOutputs, query: { tokenId: HTR_UID, totalAmount: '1000000', skipSpent: 'true' } },
    { label: 'tx_outputs value range', route: walletTxOutputs, query: { tokenId: HTR_UID, biggerThan: '50000', smallerThan: '60000', ignoreLocked: 'true', maxOutputs: '100' } },
    { label: 'tx_outputs addresses[]', route: walletTxOutputs, query: { tokenId: HTR_UID, 'addresses[]': some } },
    { label: 'tx_outputs authority', route: walletTxOutputs, query: { tokenId: w.tokenId, authority: '1' } },
    { label: 'utxos maxAmount', route: walletUtxos, query: { tokenId: HTR_UID, maxAmount: '500000' } },
    { label: 'addresses (all)', route: walletAddressesList, query: {} },
    { label: 'addresses ?index', route: walletAddressesList, query: { index: String(Math.floor(w.addresses.length / 2)) } },
    { label: 'addresses/new', route: walletNewAddresses, query: {} },
    { label: 'address info', route: walletAddressInfo, query: { address: w.addresses[Math.floor(w.addresses.length * 0.86)] } },
    { label: 'tokens', route: walletTokens, query: {} },
    { label: 'token details', route: tokenDetails, query: {}, params: { token_id: w.tokenId } },
  ];
}

/** The request path of a case below the stage prefix, with its query string. */
export function casePath(c: BenchCase): string {
  const pathPart = c.route.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(c.params?.[name] ?? ''));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(c.query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const text = qs.toString();
  return `${pathPart.replace(/^\//, '')}${text ? `?${text}` : ''}`;
}
