'use strict';
// A dynamic PostgreSQL credential through node-vault: issue, renew (VALID UNTIL moves), revoke
// (the user is dropped), against a real server and a real PostgreSQL cluster.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const nodeVault = require('node-vault');
const { startDevServer } = require('../lib/server');
const { startPostgres } = require('../lib/postgres');

let server;
let pg;
let root;

before(async () => {
  pg = await startPostgres();
  server = await startDevServer();
  root = nodeVault({ endpoint: server.addr, token: server.rootToken });
});

after(async () => {
  await server?.stop();
  pg?.stop();
});

test('database credential: read creds, renew and revoke the lease with node-vault', async (t) => {
  if (!pg) {
    t.skip('PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)');
    return;
  }

  await root.mount({ mount_point: 'database', type: 'database' });
  await root.write('database/config/pg', {
    plugin_name: 'postgresql-database-plugin',
    connection_url: pg.templatedUrl,
    username: 'postgres',
    password: pg.password,
    allowed_roles: ['readonly'],
  });
  await root.write('database/roles/readonly', {
    db_name: 'pg',
    creation_statements: ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"],
    default_ttl: '1h',
    max_ttl: '24h',
  });

  const creds = await root.read('database/creds/readonly');
  assert.match(creds.lease_id, /^database\/creds\/readonly\//);
  assert.equal(creds.lease_duration, 3600);
  assert.equal(creds.renewable, true);
  const { username, password } = creds.data;
  assert.equal(pg.query(username, password, 'SELECT current_user').out, username);

  const before = Number(pg.validUntil(username));
  const renewed = await root.renew({ lease_id: creds.lease_id, increment: 7200 });
  assert.equal(renewed.lease_id, creds.lease_id);
  assert.equal(renewed.lease_duration, 7200);
  assert.ok(Number(pg.validUntil(username)) >= before + 3600 - 5, 'VALID UNTIL moved by about an hour');

  const lookup = await root.write('sys/leases/lookup', { lease_id: creds.lease_id });
  assert.equal(lookup.data.id, creds.lease_id);

  await root.revoke({ lease_id: creds.lease_id });
  assert.equal(pg.roleExists(username), false);
  assert.equal(pg.query(username, password, 'SELECT 1').ok, false);
  await assert.rejects(root.write('sys/leases/lookup', { lease_id: creds.lease_id }), (e) => e.response.statusCode === 400);

  // revoke-prefix (legacy sys/revoke-prefix path that node-vault uses) drops every user of the role.
  const a = await root.read('database/creds/readonly');
  const b = await root.read('database/creds/readonly');
  await root.revokePrefix({ path_prefix: 'database/creds/readonly' });
  assert.equal(pg.roleExists(a.data.username), false);
  assert.equal(pg.roleExists(b.data.username), false);
});
