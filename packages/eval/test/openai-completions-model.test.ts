// A local OpenAI-compatible server written here: a character-level toy model with BOS, serving
// /v1/completions (echo + logprobs like vLLM) and /v1/chat/completions (the last user message is the
// prompt), with scripted failures (500, malformed JSON, a hang, stop strings ignored).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OellmError } from '@oellm/core';
import { describeLanguageModelConformance } from '@oellm/conformance/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompletionsModel } from '../src/index.js';

const characterLog = (character: string, previous: string) => -(1 + (((character.codePointAt(0)! * 31 + (previous.codePointAt(0) ?? 0)) % 7) / 10));
const alphabet = 'abcdefghijklmnopqrstuvwxyz .,';
const greedyAfter = (previous: string) => [...alphabet].reduce((best, character) => (characterLog(character, previous) > characterLog(best, previous) ? character : best));

let failures: string[] = [];
const received: unknown[] = [];
const paths: string[] = [];
let inFlight = 0;
let mostInFlight = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      const payload = JSON.parse(body) as { prompt: string; echo?: boolean; max_tokens: number; stop?: string[]; messages?: { role: string; content: string }[] };
      received.push(JSON.parse(body));
      paths.push(request.url!);
      const chat = request.url === '/v1/chat/completions';
      if (chat) payload.prompt = payload.messages!.at(-1)!.content;
      const failure = failures.shift();
      if (failure === 'hang') return; // never answers
      if (failure === 'slow') {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 30));
        inFlight--;
      }
      if (failure === '500') return void response.writeHead(500).end('overloaded');
      if (failure === 'json') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [');
      if (failure === 'completions-shape') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [{"text": "x"}]}');
      if (failure === '400') return void response.writeHead(400).end('prompt too long');
      const characters = ['<s>', ...Array.from(payload.prompt)];
      const offsets: number[] = [0];
      let offset = 0;
      for (const character of characters.slice(1)) {
        offsets.push(offset);
        offset += character.length;
      }
      const tokenLogprobs = characters.map((character, index) => (index === 0 ? null : characterLog(character, index === 1 ? '' : characters[index - 1]!)));
      const top = characters.map((_, index) => (index === 0 ? null : { [greedyAfter(index === 1 ? '' : characters[index - 1]!)]: characterLog(greedyAfter(index === 1 ? '' : characters[index - 1]!), index === 1 ? '' : characters[index - 1]!) }));
      let text = '';
      if (payload.max_tokens > 0) {
        let previous = characters.at(-1) === '<s>' ? '' : characters.at(-1)!;
        for (let index = 0; index < payload.max_tokens; index++) {
          const next = greedyAfter(previous);
          text += next;
          previous = next;
          if (failure !== 'ignore-stop' && payload.stop?.some((stop) => text.includes(stop))) {
            const stop = payload.stop.find((item) => text.includes(item))!;
            text = text.slice(0, text.indexOf(stop));
            break;
          }
        }
      }
      if (chat) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] }));
      const choice = payload.echo ? { text: payload.prompt, logprobs: { tokens: characters, token_logprobs: tokenLogprobs, top_logprobs: top, text_offset: offsets } } : { text };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [choice] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const expectedScore = (context: string, continuation: string) => {
  let previous = context === '' ? '' : context.at(-1)!;
  let total = 0;
  for (const character of continuation) {
    total += characterLog(character, previous);
    previous = character;
  }
  return total;
};

describe('OpenAI-compatible completions backend against a local server', () => {
  const model = () => createOpenAiCompletionsModel({ baseUrl, model: 'toy', backoffMs: 1, timeoutMs: 500, concurrency: 2 });

  it('scores continuations from echoed logprobs, moving trailing whitespace', async () => {
    failures = [];
    const [a, b] = await model().loglikelihood([
      { context: 'hello ', continuation: 'world' },
      { context: 'hello', continuation: ' world' },
    ]);
    expect(a!.logLikelihood).toBeCloseTo(expectedScore('hello', ' world'), 12);
    expect(b!.logLikelihood).toBe(a!.logLikelihood);
    expect(received.at(-1)).toMatchObject({ model: 'toy', echo: true, max_tokens: 0, logprobs: 1, temperature: 0 });
  });

  it('scores a whole text with loglikelihoodRolling and generates until a stop string', async () => {
    failures = [];
    const [rolling] = await model().loglikelihoodRolling([{ text: 'abc' }]);
    expect(rolling).toEqual({ logLikelihood: expectedScore('', 'abc'), tokenCount: 3 });
    const [text] = await model().generate([{ context: 'ab', until: ['z'], maxTokens: 5 }]);
    expect(text!.length).toBeLessThanOrEqual(5);
    expect(text).not.toContain('z');
  });

  it('retries 500s, malformed JSON and a hung request, then succeeds', async () => {
    failures = ['500', 'json', 'hang'];
    const [result] = await model().loglikelihood([{ context: 'a', continuation: 'b' }]);
    expect(result!.logLikelihood).toBeCloseTo(expectedScore('a', 'b'), 12);
    expect(failures).toEqual([]);
  });

  it('fails with a clear error after the last attempt, and at once on a 400', async () => {
    failures = ['500', '500', '500', '500'];
    const error = await model().loglikelihood([{ context: 'a', continuation: 'b' }]).catch((caught: unknown) => caught);
    expect(OellmError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/v1\/completions: 4 attempts failed, the last with HTTP 500: overloaded/);
    failures = ['400'];
    await expect(model().loglikelihood([{ context: 'a', continuation: 'b' }])).rejects.toThrow(/rejected the request with HTTP 400: prompt too long/);
  });
});

/** The toy model's greedy continuation, computed from its definition (not through the server). */
const expectedGreedy = (prompt: string, maxTokens: number) => {
  let previous = prompt === '' ? '' : prompt.at(-1)!;
  let text = '';
  for (let index = 0; index < maxTokens; index++) {
    previous = greedyAfter(previous);
    text += previous;
  }
  return text;
};

describe('generation through /v1/chat/completions', () => {
  const chatModel = (extra: Record<string, unknown> = {}) => createOpenAiCompletionsModel({ baseUrl, model: 'toy', backoffMs: 1, timeoutMs: 300, concurrency: 2, ...extra });

  it('sends the context as the user message (after an optional system message) and returns the content', async () => {
    failures = [];
    const [text] = await chatModel({ systemPrompt: 'Be brief.' }).generate([{ context: 'ab', until: [], maxTokens: 6 }]);
    expect(text).toBe(expectedGreedy('ab', 6));
    expect(paths.at(-1)).toBe('/v1/chat/completions');
    expect(received.at(-1)).toEqual({ model: 'toy', max_tokens: 6, temperature: 0, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'ab' }] });
  });

  it('retries a 500, malformed JSON, a response without a message and a hung request, then succeeds', async () => {
    failures = ['500', 'json', 'completions-shape', 'hang'];
    const [text] = await chatModel({ attempts: 5 }).generate([{ context: 'ab', until: [], maxTokens: 4 }]);
    expect(text).toBe(expectedGreedy('ab', 4));
    expect(failures).toEqual([]);
  });

  it('fails with an error naming the chat endpoint when every attempt times out', async () => {
    failures = ['hang', 'hang'];
    const error = await chatModel({ attempts: 2, timeoutMs: 100 })
      .generate([{ context: 'ab', until: [], maxTokens: 4 }])
      .catch((caught: unknown) => caught);
    expect(OellmError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/v1\/chat\/completions: 2 attempts failed, the last with no answer within 100 ms/);
  });

  it('applies stop strings client-side when the server ignores them, including a fifth one it never received', async () => {
    const full = expectedGreedy('ab', 12);
    const stop = full[5]!;
    const expected = full.slice(0, full.indexOf(stop));
    failures = ['ignore-stop'];
    const [text] = await chatModel().generate([{ context: 'ab', until: ['#', '$', '%', '&', stop], maxTokens: 12 }]);
    expect(text).toBe(expected);
    expect((received.at(-1) as { stop: string[] }).stop).toEqual(['#', '$', '%', '&']);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    failures = Array.from({ length: 6 }, () => 'slow');
    mostInFlight = 0;
    const texts = await chatModel().generate(Array.from({ length: 6 }, () => ({ context: 'ab', until: [], maxTokens: 3 })));
    expect(texts).toEqual(Array.from({ length: 6 }, () => expectedGreedy('ab', 3)));
    expect(mostInFlight).toBe(2);
  });

  it("generates through /v1/completions with generation: 'completions', under its own model id", async () => {
    failures = [];
    const raw = chatModel({ generation: 'completions' });
    const [text] = await raw.generate([{ context: 'ab', until: [], maxTokens: 5 }]);
    expect(text).toBe(expectedGreedy('ab', 5));
    expect(paths.at(-1)).toBe('/v1/completions');
    expect(raw.modelId).not.toBe(chatModel().modelId);
  });
});

describeLanguageModelConformance('OpenAI-compatible completions on a local server', () => {
  failures = [];
  return createOpenAiCompletionsModel({ baseUrl, model: 'toy', backoffMs: 1, timeoutMs: 2000 });
});
