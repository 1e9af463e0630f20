// A local OpenAI-compatible /v1/completions server written here: a character-level toy model with
// BOS, serving echo + logprobs like vLLM, and scripted failures (500, malformed JSON, a hang).
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
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const payload = JSON.parse(body) as { prompt: string; echo?: boolean; max_tokens: number; stop?: string[] };
      received.push(payload);
      const failure = failures.shift();
      if (failure === 'hang') return; // never answers
      if (failure === '500') return void response.writeHead(500).end('overloaded');
      if (failure === 'json') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [');
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
          if (payload.stop?.some((stop) => text.includes(stop))) {
            const stop = payload.stop.find((item) => text.includes(item))!;
            text = text.slice(0, text.indexOf(stop));
            break;
          }
        }
      }
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

describeLanguageModelConformance('OpenAI-compatible completions on a local server', () => {
  failures = [];
  return createOpenAiCompletionsModel({ baseUrl, model: 'toy', backoffMs: 1, timeoutMs: 2000 });
});
