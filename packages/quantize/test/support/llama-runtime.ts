// node-llama-cpp 3.21.1 (prebuilt, never built here) loads our files: the proof that llama.cpp runs them.
import { getLlama, type Llama } from 'node-llama-cpp';

let llama: Promise<Llama> | undefined;

function sharedLlama(): Promise<Llama> {
  llama ??= getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  return llama;
}

/** Greedy continuation of the BOS token: `tokens` tokens, detokenised. */
export async function greedyFromBos(modelPath: string, tokens: number): Promise<string> {
  const runtime = await sharedLlama();
  const model = await runtime.loadModel({ modelPath });
  try {
    // One thread: with the default (all cores) llama.cpp's spinning workers take ~10 000× longer on a busy 2-core machine.
    const context = await model.createContext({ contextSize: 128, threads: 1 });
    try {
      const sequence = context.getSequence();
      const generated: number[] = [];
      const bos = model.tokens.bos;
      if (bos === null) throw new Error('model has no BOS token');
      for await (const token of sequence.evaluate([bos], { temperature: 0 })) {
        generated.push(token);
        if (generated.length >= tokens) break;
      }
      return model.detokenize(generated as never);
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

/** The probabilities of every vocabulary token after `tokens`, as node-llama-cpp computes them. */
export async function nextTokenProbabilities(modelPath: string, tokens: number[], vocabularySize: number): Promise<number[]> {
  const runtime = await sharedLlama();
  const model = await runtime.loadModel({ modelPath });
  try {
    const context = await model.createContext({ contextSize: 64, threads: 1 });
    try {
      const sequence = context.getSequence();
      for await (const output of sequence.evaluateWithMetadata(tokens as never, { probabilities: true }, { temperature: 1, topK: vocabularySize, topP: 1, minP: 0 })) {
        const probabilities = output.probabilities as Map<number, number>;
        return Array.from({ length: vocabularySize }, (_, token) => probabilities.get(token) ?? 0);
      }
      throw new Error('no output');
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

/** Runs `use` on the model at `modelPath` loaded by node-llama-cpp (vocabulary only: no context is made). */
export async function withLoadedModel<T>(modelPath: string, use: (model: Awaited<ReturnType<Llama['loadModel']>>) => Promise<T> | T): Promise<T> {
  const runtime = await sharedLlama();
  const model = await runtime.loadModel({ modelPath });
  try {
    return await use(model);
  } finally {
    await model.dispose();
  }
}
