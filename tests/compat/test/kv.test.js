'use strict';
// KV v2 and KV v1 through the real node-vault client.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const nodeVault = require('node-vault');
const { startDevServer } = require('../lib/server');

let server;
let vault;

before(async () => {
  server = await startDevServer();
  vault = nodeVault({ endpoint: server.addr, token: server.rootToken });
});

after(async () => {
  await server?.stop();
});

const fakeKey = () => 'test-value-' + crypto.randomBytes(12).toString('hex');

test('kv v2: write, read latest, read a version, list', async () => {
  const v1 = fakeKey();
  const v2 = fakeKey();
  const w1 = await vault.write('secret/data/compat/app', { data: { api_key: v1 } });
  assert.equal(w1.data.version, 1);
  const w2 = await vault.write('secret/data/compat/app', { data: { api_key: v2 } });
  assert.equal(w2.data.version, 2);

  const latest = await vault.read('secret/data/compat/app');
  assert.equal(latest.data.data.api_key, v2);
  assert.equal(latest.data.metadata.version, 2);

  const first = await vault.read('secret/data/compat/app?version=1');
  assert.equal(first.data.data.api_key, v1);

  const listed = await vault.list('secret/metadata/compat');
  assert.deepEqual(listed.data.keys, ['app']);
});

test('kv v2: check-and-set rejects a stale version', async () => {
  await vault.write('secret/data/compat/cas', { data: { k: 'a' } });
  await assert.rejects(
    vault.write('secret/data/compat/cas', { options: { cas: 0 }, data: { k: 'b' } }),
    (err) => err.response.statusCode === 400,
  );
  const ok = await vault.write('secret/data/compat/cas', { options: { cas: 1 }, data: { k: 'c' } });
  assert.equal(ok.data.version, 2);
});

test('kv v2: patch merges, delete/undelete/destroy, metadata', async () => {
  await vault.write('secret/data/compat/patch', { data: { a: '1', b: '2' } });
  await vault.update('secret/data/compat/patch', { data: { b: '3', c: '4' } });
  const merged = await vault.read('secret/data/compat/patch');
  assert.deepEqual(merged.data.data, { a: '1', b: '3', c: '4' });

  await vault.delete('secret/data/compat/patch');
  await assert.rejects(vault.read('secret/data/compat/patch'), (err) => err.response.statusCode === 404);
  await vault.write('secret/undelete/compat/patch', { versions: [2] });
  const back = await vault.read('secret/data/compat/patch');
  assert.equal(back.data.data.c, '4');

  await vault.write('secret/destroy/compat/patch', { versions: [1] });
  const meta = await vault.read('secret/metadata/compat/patch');
  assert.equal(meta.data.versions['1'].destroyed, true);
  assert.equal(meta.data.current_version, 2);

  await vault.write('secret/metadata/compat/patch', { max_versions: 5, custom_metadata: { owner: 'ml-team' } });
  const meta2 = await vault.read('secret/metadata/compat/patch');
  assert.equal(meta2.data.max_versions, 5);
  assert.equal(meta2.data.custom_metadata.owner, 'ml-team');

  await vault.delete('secret/metadata/compat/patch');
  await assert.rejects(vault.read('secret/metadata/compat/patch'), (err) => err.response.statusCode === 404);
});

test('kv v1: mount, write, read, list, delete', async () => {
  await vault.mount({ mount_point: 'kv1', type: 'kv', description: 'compat v1' });
  const mounts = await vault.mounts();
  assert.equal(mounts.data['kv1/'].type, 'kv');
  const value = fakeKey();
  await vault.write('kv1/team/db', { password: value });
  const read = await vault.read('kv1/team/db');
  assert.equal(read.data.password, value);
  const listed = await vault.list('kv1/team');
  assert.deepEqual(listed.data.keys, ['db']);
  await vault.delete('kv1/team/db');
  await assert.rejects(vault.read('kv1/team/db'), (err) => err.response.statusCode === 404);
  await vault.unmount({ mount_point: 'kv1' });
});

test('unknown path is 404 and missing token is 403', async () => {
  await assert.rejects(vault.read('nope/thing'), (err) => err.response.statusCode === 404);
  const anonymous = nodeVault({ endpoint: server.addr, token: '' });
  await assert.rejects(anonymous.read('secret/data/compat/app'), (err) => err.response.statusCode === 403);
});
