'use strict';
// AppRole and userpass logins through the real node-vault client.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const nodeVault = require('node-vault');
const { startDevServer } = require('../lib/server');

let server;
let root;

before(async () => {
  server = await startDevServer();
  root = nodeVault({ endpoint: server.addr, token: server.rootToken });
});

after(async () => {
  await server?.stop();
});

test('approle: role, role-id, secret-id, login, least privilege', async () => {
  await root.enableAuth({ mount_point: 'approle', type: 'approle' });
  await root.addPolicy({ name: 'ci', rules: 'path "secret/data/ci/*" { capabilities = ["read"] }' });
  // node-vault's schema only forwards Vault's legacy field names (policies, token_ttl as seconds).
  await root.addApproleRole({ role_name: 'deployer', policies: 'ci', token_ttl: 600 });
  const roleId = (await root.getApproleRoleId({ role_name: 'deployer' })).data.role_id;
  const secretId = (await root.getApproleRoleSecret({ role_name: 'deployer' })).data.secret_id;
  await root.write('secret/data/ci/registry', { data: { password: 'placeholder' } });

  const anon = nodeVault({ endpoint: server.addr });
  const login = await anon.approleLogin({ role_id: roleId, secret_id: secretId });
  assert.ok(login.auth.client_token);
  assert.ok(login.auth.policies.includes('ci'));
  assert.ok(login.auth.entity_id);
  assert.equal(login.auth.lease_duration, 600);

  const app = nodeVault({ endpoint: server.addr, token: login.auth.client_token });
  const read = await app.read('secret/data/ci/registry');
  assert.equal(read.data.data.password, 'placeholder');
  await assert.rejects(app.write('secret/data/ci/registry', { data: { password: 'x' } }), (e) => e.response.statusCode === 403);
  await assert.rejects(anon.approleLogin({ role_id: roleId, secret_id: 'not-the-secret-id' }), (e) => e.response.statusCode === 400);
});

test('userpass: create user, login, wrong password refused', async () => {
  await root.enableAuth({ mount_point: 'userpass', type: 'userpass' });
  const password = 'pw-' + crypto.randomBytes(12).toString('hex');
  await root.write('auth/userpass/users/carol', { password, token_policies: 'default' });
  const anon = nodeVault({ endpoint: server.addr });
  const login = await anon.userpassLogin({ username: 'carol', password });
  assert.ok(login.auth.client_token);
  assert.equal(login.auth.metadata.username, 'carol');
  await assert.rejects(anon.userpassLogin({ username: 'carol', password: 'wrong' }), (e) => e.response.statusCode === 400);
  const auths = await root.auths();
  assert.equal(auths.data['userpass/'].type, 'userpass');
});

test('response wrapping and lease-free token renew through node-vault', async () => {
  const wrapped = await root.write('sys/wrapping/wrap', { hand: 'over' }, { headers: { 'X-Vault-Wrap-TTL': '60s' } });
  assert.ok(wrapped.wrap_info.token);
  const unwrapped = await root.unwrap({ token: wrapped.wrap_info.token });
  assert.equal(unwrapped.data.hand, 'over');
  await assert.rejects(root.unwrap({ token: wrapped.wrap_info.token }), (e) => e.response.statusCode === 400);
});
