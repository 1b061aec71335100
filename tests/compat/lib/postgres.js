'use strict';
// A throwaway PostgreSQL cluster for the compat tests, like tests/Strongroom.Testing/PostgresServer.cs:
// initdb + pg_ctl from /usr/lib/postgresql/*/bin in a temp dir on a free loopback port, with a
// password generated at run time. initdb refuses root, so as root the tools run as `postgres`.
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function findBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

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

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function runTool(bin, tool, args) {
  const file = path.join(bin, tool);
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
}

/** Starts a cluster; resolves to null when PostgreSQL is not installed. */
async function startPostgres() {
  const bin = findBin();
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-compat-pg-'));
  const password = 'test-' + crypto.randomBytes(12).toString('hex');
  fs.writeFileSync(path.join(dir, 'pwfile'), password + '\n');
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await freePort();
  const data = path.join(dir, 'data');
  runTool(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pwfile')}`, '-E', 'UTF8', '--no-sync']);
  runTool(bin, 'pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);

  /** Runs one query with psql as the given user; returns { ok, out }. */
  function query(user, pass, sql) {
    const r = spawnSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-tAc', sql], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PGPASSWORD: pass, PGCONNECT_TIMEOUT: '10' },
      timeout: 30000,
    });
    return { ok: r.status === 0, out: String(r.stdout).trim() };
  }

  return {
    port,
    password,
    templatedUrl: `postgresql://{{username}}:{{password}}@127.0.0.1:${port}/postgres?sslmode=disable`,
    query,
    roleExists: (name) => query('postgres', password, `SELECT 1 FROM pg_roles WHERE rolname = '${name.replace(/'/g, "''")}'`).out === '1',
    validUntil: (name) => query('postgres', password, `SELECT extract(epoch FROM rolvaliduntil)::bigint FROM pg_roles WHERE rolname = '${name.replace(/'/g, "''")}'`).out,
    stop() {
      try {
        runTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { startPostgres };
