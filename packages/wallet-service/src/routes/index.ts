import type { RouteSpec } from '../http/route';
import { walletAddressInfo } from './addresses/info';
import { walletAddressesList } from './addresses/list';
import { walletCheckMine } from './addresses/checkMine';
import { walletHasTxOutsideFirstAddress } from './addresses/hasTxOutsideFirst';
import { walletNewAddresses } from './addresses/fresh';
import { authReadOnlyToken } from './auth/readonlyToken';
import { authToken } from './auth/token';
import { walletBalancesRoute } from './balances';
import { walletHistory } from './history/list';
import { health } from './ops/health';
import { metrics } from './ops/metrics';
import { openApiRoute } from './ops/openapi';
import { version } from './ops/version';
import { walletTxOutputs, walletUtxos } from './outputs/txOutputs';
import { txProposalCreate } from './proposals/create';
import { txProposalDestroy } from './proposals/destroy';
import { txProposalSend } from './proposals/send';
import { proxyGraphviz } from './proxy/graphviz';
import { pushRegister } from './push/register';
import { pushUnregister } from './push/unregister';
import { pushUpdate } from './push/update';
import { proxyBlueprintInfo, proxyNanoHistory, proxyNanoState } from './proxy/nano';
import { proxyConfirmationData, proxyTransaction } from './proxy/transaction';
import { tokenDetails } from './tokens/details';
import { walletTokens } from './tokens/list';
import { walletTransaction } from './transactions/byId';
import { walletChangeAuth } from './wallet/changeAuth';
import { walletInit } from './wallet/init';
import { walletStatus } from './wallet/status';

/** Every HTTP route; serverless.yml has one function per entry (a test holds the two together). */
export const ROUTES: readonly RouteSpec[] = [
  walletInit,
  walletChangeAuth,
  walletStatus,
  authToken,
  authReadOnlyToken,
  walletAddressesList,
  walletNewAddresses,
  walletCheckMine,
  walletAddressInfo,
  walletHasTxOutsideFirstAddress,
  walletBalancesRoute,
  walletTokens,
  tokenDetails,
  walletHistory,
  walletUtxos,
  walletTxOutputs,
  walletTransaction,
  txProposalCreate,
  txProposalSend,
  txProposalDestroy,
  proxyTransaction,
  proxyConfirmationData,
  proxyGraphviz,
  proxyNanoState,
  proxyNanoHistory,
  proxyBlueprintInfo,
  pushRegister,
  pushUpdate,
  pushUnregister,
  version,
  health,
  metrics,
  openApiRoute(() => ROUTES),
] as RouteSpec[];
