// The new-tx queue offline (used by scripts/offline.cjs). serverless-offline serves the websocket and
// the Lambda invoke API but no SQS event source, so this module (1) serves NEW_TX_SQS with local-aws-sqs
// when it is a loopback URL nothing answers on, (2) creates the queue and its dead-letter queue there,
// and (3) does what the event source mapping does deployed: long-polls the queue, invokes wsTxNotify
// through serverless-offline's Lambda port with an SQS-shaped event, and deletes only the records the
// consumer did not report in batchItemFailures (the others reappear after the visibility timeout and,
// after WS_TX_NOTIFY_MAX_RECEIVE receives, move to the dead-letter queue, as deployed).
'use strict';
const http = require('http');
const net = require('net');
const { URL } = require('url');
const { Buffer } = require('buffer');

// Shorter than deployed (180 s): a failed record is retried while a developer is still watching.
const OFFLINE_VISIBILITY_TIMEOUT_S = 10;
const WAIT_TIME_S = 1;

function parseQueueUrl(url) {
  const u = new URL(url);
  const [accountId, name] = u.pathname.split('/').filter(Boolean);
  if (!accountId || !name) throw new Error(`NEW_TX_SQS ${url} is not a queue URL (http://host:port/<account id>/<queue name>)`);
  return { origin: u.origin, hostname: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), accountId, name };
}

function isLoopback(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

function answers(hostname, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port });
    socket.setTimeout(1000);
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Makes NEW_TX_SQS usable: starts local-aws-sqs on it when it is a loopback URL nothing answers on (a
 * remote or already-running queue is used as it is), and creates the queue and its DLQ (idempotent).
 * Returns { client, queueUrl, arn, close() }.
 */
async function ensureLocalQueue({ queueUrl, region, maxReceiveCount, log }) {
  const q = parseQueueUrl(queueUrl);
  let server;
  if (isLoopback(q.hostname) && !(await answers(q.hostname, q.port))) {
    const { createSqsServer } = require('local-aws-sqs');
    server = await createSqsServer({ port: q.port, hostname: q.hostname, accountId: q.accountId, region, emulateQueueCreationLifecycle: false });
    log('info', `local SQS (local-aws-sqs) serving ${q.origin} for NEW_TX_SQS`);
  }
  const { SQSClient, CreateQueueCommand } = require('@aws-sdk/client-sqs');
  const local = isLoopback(q.hostname);
  const client = new SQSClient({
    region,
    endpoint: q.origin,
    // A local queue checks no signature; the SDK still needs something to sign with.
    ...(local && !process.env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const dlqName = `${q.name}-dlq`;
  await client.send(new CreateQueueCommand({ QueueName: dlqName }));
  const arnOf = (name) => `arn:aws:sqs:${region}:${q.accountId}:${name}`;
  await client.send(
    new CreateQueueCommand({
      QueueName: q.name,
      Attributes: {
        VisibilityTimeout: String(OFFLINE_VISIBILITY_TIMEOUT_S),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlqName), maxReceiveCount }),
      },
    }),
  );
  log('info', `new-tx queue ready at ${queueUrl} (dead-letter queue ${q.origin}/${q.accountId}/${dlqName})`);
  return {
    client,
    queueUrl,
    arn: arnOf(q.name),
    close: () => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

function invoke(lambdaPort, functionName, event) {
  const body = JSON.stringify(event);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: lambdaPort, method: 'POST', path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          if (res.statusCode !== 200 || res.headers['x-amz-function-error']) {
            reject(new Error(`invoke of ${functionName} answered ${res.statusCode}: ${text.slice(0, 500)}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`invoke of ${functionName} answered a body that is not JSON: ${text.slice(0, 500)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function recordOf(message, queue, region) {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    // As SQS hands it over: the consumer parses it losslessly.
    body: message.Body,
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'offline',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: region,
  };
}

const receive = (queue, max, waitS, ReceiveMessageCommand) =>
  queue.client
    .send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitS, AttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }))
    .then((r) => r.Messages ?? []);

/**
 * Up to batchSize messages, as soon as there is one. SQS's long poll returns once any message is
 * available and the event source mapping then invokes at once (no batching window), but local-aws-sqs's
 * waits until it has MaxNumberOfMessages or the wait is over: asked for ten, a lone message would sit for
 * the whole wait. So: long-poll for one, then take what else is there without waiting.
 */
async function receiveBatch(queue, batchSize, ReceiveMessageCommand) {
  const first = await receive(queue, 1, WAIT_TIME_S, ReceiveMessageCommand);
  if (first.length === 0 || batchSize === 1) return first;
  return first.concat(await receive(queue, batchSize - 1, 0, ReceiveMessageCommand));
}

/**
 * Polls until stop(): receive up to batchSize, invoke, delete what succeeded. An invoke that fails as a
 * whole deletes nothing (SQS's behaviour for a function error: the batch comes back).
 */
function startPoller({ queue, lambdaPort, functionName, batchSize, region, log }) {
  const { ReceiveMessageCommand, DeleteMessageBatchCommand } = require('@aws-sdk/client-sqs');
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      try {
        const Messages = await receiveBatch(queue, batchSize, ReceiveMessageCommand);
        if (Messages.length === 0) continue;
        const receivedAt = Date.now();
        const event = { Records: Messages.map((m) => recordOf(m, queue, region)) };
        const result = await invoke(lambdaPort, functionName, event);
        const invokedAt = Date.now();
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        const done = Messages.filter((m) => !failed.has(m.MessageId));
        if (done.length > 0) {
          await queue.client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
        // How long the oldest message sat in the queue, and what the consumer took: where delivery time goes.
        const sentAt = Math.min(...Messages.map((m) => Number(m.Attributes?.SentTimestamp ?? receivedAt)));
        log('info', 'new-tx batch handed to wsTxNotify', {
          received: Messages.length,
          deleted: done.length,
          failed: failed.size,
          queuedMs: receivedAt - sentAt,
          invokeMs: invokedAt - receivedAt,
          deleteMs: Date.now() - invokedAt,
        });
      } catch (err) {
        if (stopped) break;
        log('warn', 'new-tx poll failed; retrying in 1 s', { err: err.message });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  const running = loop();
  return {
    stop() {
      stopped = true;
      return running;
    },
  };
}

module.exports = { ensureLocalQueue, startPoller, parseQueueUrl };
