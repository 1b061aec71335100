'use strict';
// A fake AI provider on loopback speaking the OpenAI and Anthropic wire formats (JSON and SSE).
// It records the key each request carried, so tests can prove only real keys reach it.
const http = require('node:http');

const CHAT_USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
const MSG_USAGE = { input_tokens: 13, output_tokens: 9 };

function startFakeProvider({ openaiKey, anthropicKey }) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const json = body ? JSON.parse(body) : {};
      received.push({ path: req.url, headers: req.headers, body });
      const anthropic = req.url === '/v1/messages';
      const key = anthropic ? req.headers['x-api-key'] : (req.headers.authorization || '').replace(/^Bearer /, '');
      const send = (status, obj) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };
      if (key !== (anthropic ? anthropicKey : openaiKey)) {
        return anthropic
          ? send(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })
          : send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      }
      const sse = () => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (req.url === '/v1/chat/completions' && json.stream) {
        sse();
        const chunk = (delta, finish) => ({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1764000000, model: json.model, choices: [{ index: 0, delta, finish_reason: finish }] });
        res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: 'Hello' }, null))}\n\n`);
        res.write(`data: ${JSON.stringify(chunk({ content: ' world' }, null))}\n\n`);
        res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
        if (json.stream_options && json.stream_options.include_usage) {
          res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1764000000, model: json.model, choices: [], usage: CHAT_USAGE })}\n\n`);
        }
        res.end('data: [DONE]\n\n');
        return undefined;
      }
      if (req.url === '/v1/chat/completions') {
        return send(200, { id: 'chatcmpl-fake', object: 'chat.completion', created: 1764000000, model: json.model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world', refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: CHAT_USAGE });
      }
      if (req.url === '/v1/embeddings') {
        const floats = new Float32Array([0.25, -0.5, 0.125]);
        const embedding = json.encoding_format === 'base64' ? Buffer.from(floats.buffer).toString('base64') : Array.from(floats);
        return send(200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding }], model: json.model, usage: { prompt_tokens: 5, total_tokens: 5 } });
      }
      if (req.url === '/v1/messages' && json.stream) {
        sse();
        const ev = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
        ev('message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model: json.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 13, output_tokens: 1 } } });
        ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
        ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } });
        ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' world' } });
        ev('content_block_stop', { type: 'content_block_stop', index: 0 });
        ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } });
        ev('message_stop', { type: 'message_stop' });
        res.end();
        return undefined;
      }
      if (req.url === '/v1/messages') {
        return send(200, { id: 'msg_fake', type: 'message', role: 'assistant', model: json.model, content: [{ type: 'text', text: 'Hello world' }], stop_reason: 'end_turn', stop_sequence: null, usage: MSG_USAGE });
      }
      return send(404, { error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        received,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

module.exports = { startFakeProvider, CHAT_USAGE, MSG_USAGE };
