'use strict';
// Transit (encryption as a service) through the real node-vault client.
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
  await vault.mount({ mount_point: 'transit', type: 'transit' });
});

after(async () => {
  await server?.stop();
});

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s) => Buffer.from(s, 'base64').toString('utf8');
const fakeValue = () => 'test-value-' + crypto.randomBytes(12).toString('hex');

test('transit: create key, encrypt, decrypt with encryptData/decryptData', async () => {
  await vault.transitCreateKey({ name: 'compat-app', type: 'aes256-gcm96' });
  const key = await vault.transitReadKey({ name: 'compat-app' });
  assert.equal(key.data.type, 'aes256-gcm96');
  assert.equal(key.data.latest_version, 1);

  const secret = fakeValue();
  const enc = await vault.encryptData({ name: 'compat-app', plaintext: b64(secret) });
  assert.match(enc.data.ciphertext, /^vault:v1:[A-Za-z0-9+/]+=*$/);
  assert.equal(enc.data.key_version, 1);

  const dec = await vault.decryptData({ name: 'compat-app', ciphertext: enc.data.ciphertext });
  assert.equal(unb64(dec.data.plaintext), secret);

  const listed = await vault.transitListKeys();
  assert.ok(listed.data.keys.includes('compat-app'));
});

test('transit: rotate, old ciphertext still decrypts, rewrapData moves it to v2', async () => {
  await vault.transitCreateKey({ name: 'compat-rotate' });
  const secret = fakeValue();
  const v1 = (await vault.encryptData({ name: 'compat-rotate', plaintext: b64(secret) })).data.ciphertext;

  const rotated = await vault.write('transit/keys/compat-rotate/rotate', {});
  assert.equal(rotated.data.latest_version, 2);
  const v2 = (await vault.encryptData({ name: 'compat-rotate', plaintext: b64(secret) })).data.ciphertext;
  assert.ok(v2.startsWith('vault:v2:'));

  assert.equal(unb64((await vault.decryptData({ name: 'compat-rotate', ciphertext: v1 })).data.plaintext), secret);
  const rewrapped = await vault.rewrapData({ name: 'compat-rotate', ciphertext: v1 });
  assert.ok(rewrapped.data.ciphertext.startsWith('vault:v2:'));
  assert.equal(unb64((await vault.decryptData({ name: 'compat-rotate', ciphertext: rewrapped.data.ciphertext })).data.plaintext), secret);

  await vault.write('transit/keys/compat-rotate/config', { min_decryption_version: 2 });
  await assert.rejects(
    vault.decryptData({ name: 'compat-rotate', ciphertext: v1 }),
    (err) => err.response.statusCode === 400,
  );
});

test('transit: batch encrypt/decrypt via vault.write', async () => {
  const values = [fakeValue(), fakeValue(), fakeValue()];
  const enc = await vault.write('transit/encrypt/compat-batch', {
    batch_input: values.map((v) => ({ plaintext: b64(v) })),
  });
  assert.equal(enc.data.batch_results.length, 3);
  const dec = await vault.write('transit/decrypt/compat-batch', {
    batch_input: enc.data.batch_results.map((r) => ({ ciphertext: r.ciphertext })),
  });
  assert.deepEqual(dec.data.batch_results.map((r) => unb64(r.plaintext)), values);
});

test('transit: tampered ciphertext and unknown key are 400', async () => {
  await vault.transitCreateKey({ name: 'compat-tamper' });
  const ct = (await vault.encryptData({ name: 'compat-tamper', plaintext: b64(fakeValue()) })).data.ciphertext;
  const raw = Buffer.from(ct.slice('vault:v1:'.length), 'base64');
  raw[raw.length - 1] ^= 1;
  await assert.rejects(
    vault.decryptData({ name: 'compat-tamper', ciphertext: 'vault:v1:' + raw.toString('base64') }),
    (err) => err.response.statusCode === 400,
  );
  await assert.rejects(
    vault.decryptData({ name: 'compat-nope', ciphertext: ct }),
    (err) => err.response.statusCode === 400,
  );
});

test('transit: a ciphertext made by Node with the exported key decrypts (Vault wire format)', async () => {
  await vault.transitCreateKey({ name: 'compat-interop', exportable: true });
  const exported = await vault.read('transit/export/encryption-key/compat-interop/1');
  const key = Buffer.from(exported.data.keys['1'], 'base64');
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const secret = fakeValue();
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const ciphertext = 'vault:v1:' + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  const dec = await vault.decryptData({ name: 'compat-interop', ciphertext });
  assert.equal(unb64(dec.data.plaintext), secret);
});

test('transit: sign and verify with ecdsa-p256, checked by Node crypto', async () => {
  await vault.transitCreateKey({ name: 'compat-sign', type: 'ecdsa-p256' });
  const input = b64('test release manifest');
  const signed = await vault.write('transit/sign/compat-sign', { input });
  const verified = await vault.write('transit/verify/compat-sign', { input, signature: signed.data.signature });
  assert.equal(verified.data.valid, true);

  const key = await vault.transitReadKey({ name: 'compat-sign' });
  const publicKey = crypto.createPublicKey(key.data.keys['1'].public_key);
  const signature = Buffer.from(signed.data.signature.slice('vault:v1:'.length), 'base64');
  assert.equal(crypto.verify('sha256', Buffer.from(input, 'base64'), publicKey, signature), true);
});
