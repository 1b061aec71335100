'use strict';
// Starts a real `strongroom server -dev` on a free loopback port for the compat tests.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const net = require('node:net');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const defaultDll = path.join(repoRoot, 'src', 'Strongroom.Cli', 'bin', 'Release', 'net10.0', 'strongroom.dll');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(addr, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${addr}/v1/sys/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy in time');
}

async function startDevServer() {
  const port = await freePort();
  // A generated dev root token: never a committed value.
  const rootToken = 'hvs.' + crypto.randomBytes(18).toString('base64url');
  const dll = process.env.STRONGROOM_DLL || defaultDll;
  const child = spawn('dotnet', [dll, 'server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, `-dev-root-token-id=${rootToken}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const addr = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(addr, child, 30000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`);
  }
  return {
    addr,
    rootToken,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { startDevServer };
