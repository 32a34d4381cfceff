'use strict';
// Child processes of the dev stack: run a setup step, start a long-running service, stop them all
// (SIGTERM, then SIGKILL after a bounded time), and the small network checks around them.
const http = require('http');
const net = require('net');
const readline = require('readline');
const { spawn } = require('child_process');
const { setTimeout: sleep } = require('timers/promises');
const { DevError } = require('./settings.cjs');

/** Runs a setup step with the terminal attached; rejects naming the command when it fails. */
function runStep(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    options.track(child);
    child.once('error', (err) => reject(new DevError(`${command} ${args.join(' ')} could not start: ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new DevError(`${command} ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}

/**
 * A long-running child. stdout is either inherited (so a live progress bar still sees the terminal) or
 * read line by line, each line echoed and handed to `onLine` (how the simulator says what it serves).
 */
function startService(name, command, args, { env, onLine }) {
  const child = spawn(command, args, { env, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      process.stderr.write(`dev: ${name} could not start: ${err.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  if (onLine) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      onLine(line);
    });
  }
  return { name, child, exited };
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL once `graceMs` has passed; resolves when the child is gone. */
async function stopChild(child, graceMs, say) {
  if (!isRunning(child)) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = sleep(graceMs, 'timeout');
  if ((await Promise.race([gone, timer])) === 'timeout' && isRunning(child)) {
    say(`pid ${child.pid} did not stop within ${graceMs} ms; killing it`);
    child.kill('SIGKILL');
    await gone;
  }
}

/** Fails early, naming the port and the variable, instead of letting a child die on EADDRINUSE. */
function assertPortFree(port, host, variable, what) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${err.code ?? err.message})`;
      reject(new DevError(`port ${port} (${variable}, ${what}) ${why}; stop what listens there or set ${variable} to a free port`));
    });
    server.listen({ port, host }, () => server.close(() => resolve()));
  });
}

/** Any HTTP answer (even 503) means the server is up. */
function httpAnswers(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

/** Waits until `url` answers; gives up when the service exits or after `timeoutMs`. */
async function waitForHttp(url, service, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  service.exited.then((how) => (exited = how));
  while (Date.now() < deadline) {
    if (exited) throw new DevError(`${service.name} exited (${describeExit(exited)}) before ${url} answered`);
    if (await httpAnswers(url)) return;
    await sleep(250);
  }
  throw new DevError(`${service.name} did not answer on ${url} within ${timeoutMs / 1000} s`);
}

function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

module.exports = { runStep, startService, stopChild, isRunning, assertPortFree, waitForHttp, describeExit };
