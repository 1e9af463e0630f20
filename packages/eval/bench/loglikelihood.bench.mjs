// Benchmark: scoring loglikelihood requests through our llama.cpp backend against the same token
// sequences evaluated by raw node-llama-cpp calls, in one run, on stories260K.
// Run after a build: pnpm --filter @oellm/eval build && pnpm --filter @oellm/eval bench
// REQUESTS=2000 for the full size (default 500: the machine's 2 cores are shared).
// Also benchmarks the quickstart's Q8_0 random Llama when the demo has written it, and any GGUF
// files listed in BENCH_MODELS (comma-separated).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getLlama } from 'node-llama-cpp';
import { createLlamaCppModel } from '../dist/index.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const quickstartModel = fileURLToPath(new URL('../../../examples/quickstart/output/models/demo-llama-random-Q8_0.gguf', import.meta.url));
const modelPaths = [stories, ...(existsSync(quickstartModel) ? [quickstartModel] : []), ...(process.env.BENCH_MODELS ? process.env.BENCH_MODELS.split(',') : [])];
let modelPath = stories;
const requestCount = Number(process.env.REQUESTS ?? 500);
const threads = 1;

const subjects = ['Lily', 'Tom', 'The little dog', 'A big bird', 'Mom', 'The old man', 'Sue', 'The cat'];
const verbs = ['saw', 'wanted', 'found', 'liked', 'made', 'had', 'gave', 'took'];
const objects = ['a red ball', 'a big tree', 'some cake', 'a toy car', 'a pretty flower', 'the park', 'a new friend', 'a small box'];
const endings = [' and smiled.', ' every day.', ' in the garden.', ' with her mom.', ' after lunch.'];
const requests = Array.from({ length: requestCount }, (_, index) => ({
  context: `Once upon a time, ${subjects[index % 8]} ${verbs[(index >> 3) % 8]}`,
  continuation: ` ${objects[(index >> 6) % 8]}${endings[index % 5]}`,
}));

const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' });

async function timeOurs(sequences) {
  const model = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences, threads });
  const started = performance.now();
  const results = await model.loglikelihood(requests);
  const seconds = (performance.now() - started) / 1000;
  await model.close();
  return { seconds, results };
}

async function timeRaw() {
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 256, threads });
  const sequence = context.getSequence();
  const bos = model.tokens.bos;
  // The same token sequences our backend scores: context tokens, then the whole text's tokens past them.
  const prepared = requests.map(({ context: text, continuation }) => {
    const contextTokens = [bos, ...model.tokenize(text)];
    const whole = [bos, ...model.tokenize(text + continuation)];
    return { all: whole, first: contextTokens.length - 1 };
  });
  let tokens = 0;
  const started = performance.now();
  const results = [];
  for (const { all, first } of prepared) {
    await sequence.eraseContextTokenRanges([{ start: 0, end: sequence.nextTokenIndex }]);
    const input = all.slice(0, -1).map((token, index) => (index >= first ? [token, { generateNext: { probabilities: true } }] : token));
    const outputs = await sequence.controlledEvaluate(input);
    let sum = 0;
    for (let index = first; index < input.length; index++) sum += Math.log(outputs[index].next.probabilities.get(all[index + 1]));
    results.push(sum);
    tokens += all.length - 1;
  }
  const seconds = (performance.now() - started) / 1000;
  await context.dispose();
  await model.dispose();
  return { seconds, results, tokens };
}

for (const path of modelPaths) {
  modelPath = path;
  const raw = await timeRaw();
  const ours = await timeOurs(1);
  const oursBatched = await timeOurs(4);
  let maximumDifference = 0;
  raw.results.forEach((value, index) => (maximumDifference = Math.max(maximumDifference, Math.abs(value - ours.results[index].logLikelihood))));

  const line = (name, seconds) => `${name.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${(requestCount / seconds).toFixed(0).padStart(6)} requests/s  ${(raw.tokens / seconds).toFixed(0).padStart(7)} tokens/s`;
  console.log(`\n${path.split('/').pop()}: ${requestCount} loglikelihood requests, ${raw.tokens} tokens evaluated by the raw loop, ${threads} thread`);
  console.log(line('raw node-llama-cpp controlledEvaluate', raw.seconds));
  console.log(line('@oellm/eval llama.cpp, 1 sequence', ours.seconds));
  console.log(line('@oellm/eval llama.cpp, 4 sequences', oursBatched.seconds));
  console.log(`ratio ours(1 sequence) / raw: ${(ours.seconds / raw.seconds).toFixed(3)}   ours(4 sequences) / raw: ${(oursBatched.seconds / raw.seconds).toFixed(3)}`);
  console.log(`largest |difference| of a request's log-likelihood, ours vs raw: ${maximumDifference.toExponential(2)}`);
}
