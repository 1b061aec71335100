'use strict';
// Policies, child tokens, token lifecycle and capabilities through node-vault.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const nodeVault = require('node-vault');
const { startDevServer } = require('../lib/server');

let server;
let root;

before(async () => {
  server = await startDevServer();
  root = nodeVault({ endpoint: server.addr, token: server.rootToken });
});

// node-vault's tokenCreate/renew switch the calling client to the returned token (tokenSource),
// so every token is minted through a fresh client.
const as = (token) => nodeVault({ endpoint: server.addr, token });
const asRoot = () => as(server.rootToken);

after(async () => {
  await server?.stop();
});

const readOnlyAi = `
path "secret/data/ai/*" {
  capabilities = ["read"]
}
path "secret/metadata/ai/*" {
  capabilities = ["list"]
}
`;

test('policy CRUD through sys/policy', async () => {
  await root.addPolicy({ name: 'ai-reader', rules: readOnlyAi });
  const listed = await root.policies();
  assert.ok(listed.policies.includes('ai-reader'));
  assert.ok(listed.policies.includes('default'));
  const got = await root.getPolicy({ name: 'ai-reader' });
  assert.match(got.rules, /secret\/data\/ai/);
  await root.removePolicy({ name: 'ai-reader' });
  const after = await root.policies();
  assert.ok(!after.policies.includes('ai-reader'));
});

test('child token: allowed read, denied write and denied other path', async () => {
  await root.addPolicy({ name: 'ai-reader', rules: readOnlyAi });
  await root.write('secret/data/ai/openai', { data: { api_key: 'placeholder-not-a-key' } });
  await root.write('secret/data/billing/stripe', { data: { api_key: 'placeholder-not-a-key' } });

  const created = await asRoot().tokenCreate({ policies: ['ai-reader'], ttl: '1h' });
  assert.ok(created.auth.client_token);
  assert.deepEqual(created.auth.policies.sort(), ['ai-reader', 'default']);

  const child = nodeVault({ endpoint: server.addr, token: created.auth.client_token });
  const ok = await child.read('secret/data/ai/openai');
  assert.equal(ok.data.data.api_key, 'placeholder-not-a-key');
  await assert.rejects(child.write('secret/data/ai/openai', { data: { api_key: 'x' } }), (e) => e.response.statusCode === 403);
  await assert.rejects(child.read('secret/data/billing/stripe'), (e) => e.response.statusCode === 403);

  const caps = await root.write('sys/capabilities', { token: created.auth.client_token, path: 'secret/data/ai/openai' });
  assert.deepEqual(caps.capabilities, ['read']);
  const selfCaps = await child.write('sys/capabilities-self', { path: 'secret/data/billing/stripe' });
  assert.deepEqual(selfCaps.capabilities, ['deny']);
});

test('token lifecycle: lookup, renew, revoke cascades to children', async () => {
  await root.addPolicy({ name: 'token-creator', rules: 'path "auth/token/create" { capabilities = ["update"] }' });
  const parent = await asRoot().tokenCreate({ policies: ['default', 'token-creator'], ttl: '1h' });
  const parentClient = nodeVault({ endpoint: server.addr, token: parent.auth.client_token });
  const self = await parentClient.tokenLookupSelf();
  assert.equal(self.data.accessor, parent.auth.accessor);
  assert.ok(self.data.ttl > 0 && self.data.ttl <= 3600);

  const renewed = await as(parent.auth.client_token).tokenRenewSelf({ increment: '30m' });
  assert.ok(renewed.auth.lease_duration <= 1800);

  const child = await as(parent.auth.client_token).tokenCreate({ ttl: '10m' });
  const byAccessor = await root.tokenLookupAccessor({ accessor: child.auth.accessor });
  assert.equal(byAccessor.data.accessor, child.auth.accessor);

  await root.tokenRevoke({ token: parent.auth.client_token });
  const childClient = nodeVault({ endpoint: server.addr, token: child.auth.client_token });
  await assert.rejects(childClient.tokenLookupSelf(), (e) => e.response.statusCode === 403);
  await assert.rejects(parentClient.tokenLookupSelf(), (e) => e.response.statusCode === 403);
});

test('orphan token survives its creator, use-limited token runs out', async () => {
  const creator = await asRoot().tokenCreate({ policies: ['default'] });
  const orphan = await asRoot().tokenCreateOrphan({ policies: ['default'] });
  await root.tokenRevoke({ token: creator.auth.client_token });
  const orphanClient = nodeVault({ endpoint: server.addr, token: orphan.auth.client_token });
  const looked = await orphanClient.tokenLookupSelf();
  assert.equal(looked.data.orphan, true);

  const limited = await asRoot().tokenCreate({ policies: ['default'], num_uses: 2 });
  const limitedClient = nodeVault({ endpoint: server.addr, token: limited.auth.client_token });
  await limitedClient.tokenLookupSelf();
  await limitedClient.tokenLookupSelf();
  await assert.rejects(limitedClient.tokenLookupSelf(), (e) => e.response.statusCode === 403);
});

test('seal status and health through node-vault', async () => {
  const status = await root.status();
  assert.equal(status.sealed, false);
  assert.equal(status.initialized, true);
  const health = await root.read('sys/health');
  assert.equal(health.initialized, true);
});
