'use strict';
// The official `openai` and `@anthropic-ai/sdk` clients through `strongroom gateway` with a virtual key.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { spawn } = require('node:child_process');
const OpenAI = require('openai');
const Anthropic = require('@anthropic-ai/sdk');
const { startDevServer } = require('../lib/server');
const { startFakeProvider, CHAT_USAGE, MSG_USAGE } = require('../lib/fake-provider');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dll = process.env.STRONGROOM_DLL || path.join(repoRoot, 'src', 'Strongroom.Cli', 'bin', 'Release', 'net10.0', 'strongroom.dll');
// Real-shaped keys generated per run, obviously fake.
const openaiKey = 'sk-proj-fake-' + crypto.randomBytes(20).toString('hex');
const anthropicKey = 'sk-ant-fake-' + crypto.randomBytes(20).toString('hex');

let server;
let provider;
let gateway;
let gatewayUrl;
let virtualKey;
let accessor;

async function api(method, p, body, token = server.rootToken) {
  const res = await fetch(`${server.addr}/v1/${p}`, {
    method, headers: { 'X-Vault-Token': token, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function freePort() {
  const net = require('node:net');
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
}

before(async () => {
  server = await startDevServer();
  provider = await startFakeProvider({ openaiKey, anthropicKey });
  await api('POST', 'sys/mounts/ai', { type: 'ai' });
  await api('POST', 'ai/providers/openai', { type: 'openai', base_url: provider.url, api_key: openaiKey });
  await api('POST', 'ai/providers/anthropic', { type: 'anthropic', base_url: provider.url, api_key: anthropicKey });
  await api('POST', 'ai/roles/agent', { providers: 'openai,anthropic', allowed_models: 'gpt-4o*,claude-*,text-embedding-*', ttl: '15m', max_ttl: '1h', token_budget: 200000 });
  await api('PUT', 'sys/policies/acl/ai-gateway', { policy: 'path "ai/gateway/*" { capabilities = ["update"] }' });
  const token = (await api('POST', 'auth/token/create', { policies: ['ai-gateway'] })).auth.client_token;
  const creds = await api('GET', 'ai/creds/agent');
  virtualKey = creds.data.api_key;
  accessor = creds.data.accessor;

  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  gateway = spawn('dotnet', [dll, 'gateway', `-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STRONGROOM_ADDR: server.addr, STRONGROOM_TOKEN: token },
  });
  let output = '';
  gateway.stdout.on('data', (d) => { output += d; });
  gateway.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + 30000;
  while (!output.includes('listening')) {
    if (gateway.exitCode !== null || Date.now() > deadline) throw new Error('gateway did not start: ' + output);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((r) => gateway.once('exit', r));
    gateway.kill('SIGTERM');
    await exited;
  }
  await provider?.close();
  await server?.stop();
});

const openai = () => new OpenAI({ apiKey: virtualKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: virtualKey, baseURL: gatewayUrl, maxRetries: 0 });

function assertOnlyRealKeysUpstream() {
  for (const r of provider.received) {
    const all = JSON.stringify(r.headers) + r.body;
    assert.ok(!all.includes(virtualKey), 'the virtual key reached the provider');
  }
}

test('openai: chat completion', async () => {
  const before = provider.received.length;
  const res = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(res.choices[0].message.content, 'Hello world');
  assert.deepEqual(res.usage, CHAT_USAGE);
  assert.equal(provider.received[before].headers.authorization, `Bearer ${openaiKey}`);
  assertOnlyRealKeysUpstream();
});

test('openai: streaming chat completion', async () => {
  const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  assert.equal(text, 'Hello world');
  const sent = JSON.parse(provider.received.at(-1).body);
  assert.equal(sent.stream_options.include_usage, true);
});

test('openai: embeddings (the SDK asks for base64)', async () => {
  const res = await openai().embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
  assert.deepEqual(res.data[0].embedding, [0.25, -0.5, 0.125]);
  assert.equal(JSON.parse(provider.received.at(-1).body).encoding_format, 'base64');
});

test('openai: a model outside the allowlist is a PermissionDeniedError', async () => {
  await assert.rejects(
    openai().chat.completions.create({ model: 'o1', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.PermissionDeniedError && err.status === 403 && err.code === 'model_not_allowed',
  );
});

test('anthropic: messages', async () => {
  const before = provider.received.length;
  const res = await anthropic().messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(res.content[0].text, 'Hello world');
  assert.deepEqual(res.usage, MSG_USAGE);
  const got = provider.received[before].headers;
  assert.equal(got['x-api-key'], anthropicKey);
  assert.equal(got.authorization, undefined);
  assert.ok(got['anthropic-version']);
  assertOnlyRealKeysUpstream();
});

test('anthropic: streaming messages', async () => {
  const stream = anthropic().messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  stream.on('text', (t) => { text += t; });
  const final = await stream.finalMessage();
  assert.equal(text, 'Hello world');
  assert.equal(final.usage.output_tokens, 9);
});

test('usage of every call above is on the key, and a revoked key is an AuthenticationError', async () => {
  let usage;
  for (let i = 0; i < 100; i++) {
    usage = (await api('GET', `ai/keys/${accessor}`)).data;
    if (usage.requests >= 5 && usage.in_flight === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // 2 chats (18 each), 1 embedding (5), 2 messages (22 each); the refused call is not a request.
  assert.equal(usage.total_tokens, 18 * 2 + 5 + 22 * 2);
  const leases = await api('LIST', 'sys/leases/lookup/ai/creds/agent');
  for (const id of leases.data.keys) await api('PUT', 'sys/leases/revoke', { lease_id: `ai/creds/agent/${id}` });
  await assert.rejects(
    openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.AuthenticationError && err.status === 401,
  );
});
