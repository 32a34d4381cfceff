import type { APIGatewayTokenAuthorizerEvent, SQSEvent } from 'aws-lambda';
import { containerApp } from './app';
import { authorize } from './auth/authorizer';
import { httpHandler } from './http/route';
import { ROUTES } from './routes';
import { connectionRoute, joinRoute, type WsEvent } from './ws/handlers';
import { handleTxNotify } from './ws/txNotify';

/**
 * The Lambda entry module: serverless.yml names `handlers.<export>` for every function. Importing it
 * builds no app and reads no configuration; the first request of a container does.
 */
const byName = Object.fromEntries(ROUTES.map((r) => [r.name, httpHandler(r)]));
const http = (name: string) => {
  const handler = byName[name];
  if (!handler) throw new Error(`no route named ${name}`);
  return handler;
};

export const walletInit = http('walletInit');
export const walletChangeAuth = http('walletChangeAuth');
export const walletStatus = http('walletStatus');
export const authToken = http('authToken');
export const authReadOnlyToken = http('authReadOnlyToken');
export const walletAddresses = http('walletAddresses');
export const walletNewAddresses = http('walletNewAddresses');
export const walletCheckAddressesMine = http('walletCheckAddressesMine');
export const walletAddressInfo = http('walletAddressInfo');
export const walletHasTxOutsideFirstAddress = http('walletHasTxOutsideFirstAddress');
export const walletBalances = http('walletBalances');
export const walletTokens = http('walletTokens');
export const tokenDetails = http('tokenDetails');
export const walletHistory = http('walletHistory');
export const walletUtxos = http('walletUtxos');
export const walletTxOutputs = http('walletTxOutputs');
export const walletTransaction = http('walletTransaction');
export const txProposalCreate = http('txProposalCreate');
export const txProposalSend = http('txProposalSend');
export const txProposalDestroy = http('txProposalDestroy');
export const proxyTransaction = http('proxyTransaction');
export const proxyConfirmationData = http('proxyConfirmationData');
export const proxyGraphvizNeighbours = http('proxyGraphvizNeighbours');
export const proxyNanoContractState = http('proxyNanoContractState');
export const proxyNanoContractHistory = http('proxyNanoContractHistory');
export const proxyBlueprintInfo = http('proxyBlueprintInfo');
export const pushRegister = http('pushRegister');
export const pushUpdate = http('pushUpdate');
export const pushUnregister = http('pushUnregister');
export const version = http('version');
export const health = http('health');
export const metrics = http('metrics');
export const openapi = http('openapi');

export async function bearerAuthorizer(event: APIGatewayTokenAuthorizerEvent) {
  return authorize(event, containerApp(), ROUTES);
}

export { loadWalletAsync, loadWalletFailed } from './load/handlers';
export { cleanUnsentTxProposals } from './cron/releaseProposals';
export { deleteStalePushDevices } from './cron/stalePushDevices';
export { txPushRequested } from './push/txPushRequested';

/** The websocket API: $connect, $disconnect and ping in one function, join in another (serverless.yml). */
export async function wsConnection(event: WsEvent) {
  return connectionRoute(containerApp(), event);
}

export async function wsJoin(event: WsEvent) {
  return joinRoute(containerApp(), event);
}

/** The new-tx queue's consumer: a partial batch response names the records SQS should retry. */
export async function wsTxNotify(event: SQSEvent) {
  return handleTxNotify(containerApp(), event);
}
