'use strict';
// Serverless Framework plugin (plain CommonJS: the framework requires it as is).
// Under `serverless offline start` it runs the confirm worker (RabbitMQ → confirmOrder
// bridge + outbox relay) as a child process, and stops it when offline stops.
const { spawn } = require('node:child_process');
const path = require('node:path');

class LocalEmulationPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.worker = undefined;
    this.hooks = {
      'after:offline:start:init': () => this.startWorker(),
      'before:offline:start:end': () => this.stopWorker(),
    };
  }

  startWorker() {
    if (process.env.OFFLINE_WITHOUT_WORKER === 'true') return;
    const root = this.serverless.config.servicePath;
    // The worker reads the same environment the functions get from serverless.yml. It runs
    // as one node process (tsx as a loader), so stopping it reaches the process itself.
    const env = { ...process.env, ...stringValues(this.serverless.service.provider.environment) };
    this.worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'infra', 'local', 'worker.ts')], { cwd: root, env, stdio: 'inherit' });
    this.worker.on('exit', (code, signal) => {
      if (!this.stopping) this.serverless.cli.log(`confirm worker exited (${signal ?? code}); orders wait in the queue until it runs again (npm run worker)`);
    });
  }

  stopWorker() {
    this.stopping = true;
    if (!this.worker || this.worker.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.worker.kill('SIGKILL'), 10000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.kill('SIGTERM');
    });
  }
}

function stringValues(environment) {
  const out = {};
  for (const [key, value] of Object.entries(environment || {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}

module.exports = LocalEmulationPlugin;
