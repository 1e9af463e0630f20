// A tiny byte-level BPE (GPT-2 / Llama 3 style) trained on a few sentences, written as a Hugging
// Face tokenizer.json: the fixture for the converter test. The expected tokenisations come from
// the reference tools (@huggingface/tokenizers reading this file, llama.cpp reading our GGUF).

/** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let byte = 33; byte <= 126; byte++) printable.push(byte);
  for (let byte = 161; byte <= 172; byte++) printable.push(byte);
  for (let byte = 174; byte <= 255; byte++) printable.push(byte);
  const map: string[] = new Array(256);
  let next = 0;
  for (let byte = 0; byte < 256; byte++) {
    map[byte] = printable.includes(byte) ? String.fromCodePoint(byte) : String.fromCodePoint(256 + next++);
  }
  return map;
}

export const llama3Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
// The same split in JavaScript syntax (no inline (?i:) groups), for training only.
const splitForTraining = /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** `count` merges learnt greedily (most frequent pair, ties to the smaller pair text); vocabulary: 256 bytes, then merges. */
export function trainByteLevelBpe(corpus: readonly string[], count: number): { vocab: Record<string, number>; merges: string[] } {
  const byteChars = bytesToUnicode();
  const encoder = new TextEncoder();
  const words = new Map<string, { symbols: string[]; frequency: number }>();
  for (const text of corpus) {
    for (const match of text.matchAll(splitForTraining)) {
      const symbols = [...encoder.encode(match[0])].map((byte) => byteChars[byte]!);
      const key = symbols.join('');
      const entry = words.get(key) ?? { symbols, frequency: 0 };
      entry.frequency++;
      words.set(key, entry);
    }
  }
  const vocab: Record<string, number> = {};
  byteChars.forEach((character, index) => { vocab[character] = index; });
  const merges: string[] = [];
  for (let round = 0; round < count; round++) {
    const pairs = new Map<string, number>();
    for (const { symbols, frequency } of words.values()) {
      for (let index = 0; index + 1 < symbols.length; index++) {
        const pair = `${symbols[index]} ${symbols[index + 1]}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + frequency);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [pair, frequency] of pairs) {
      if (frequency > bestCount || (frequency === bestCount && best !== undefined && pair < best)) { best = pair; bestCount = frequency; }
    }
    if (!best || bestCount < 2) break;
    const [left, right] = best.split(' ') as [string, string];
    merges.push(best);
    if (vocab[left + right] === undefined) vocab[left + right] = Object.keys(vocab).length;
    for (const word of words.values()) {
      const merged: string[] = [];
      for (let index = 0; index < word.symbols.length; index++) {
        if (index + 1 < word.symbols.length && word.symbols[index] === left && word.symbols[index + 1] === right) {
          merged.push(left + right);
          index++;
        } else {
          merged.push(word.symbols[index]!);
        }
      }
      word.symbols = merged;
    }
  }
  return { vocab, merges };
}

/** A tokenizer.json around the trained model: Llama 3's pre-tokenizer (`llama-bpe`) or GPT-2's (`gpt-2`). */
export function tokenizerJson(vocab: Record<string, number>, merges: string[], special: string[], style: 'llama-bpe' | 'gpt-2'): object {
  const size = Object.keys(vocab).length;
  const preTokenizer = style === 'llama-bpe'
    ? { type: 'Sequence', pretokenizers: [
      { type: 'Split', pattern: { Regex: llama3Pattern }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ] }
    : { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content, index) => ({ id: size + index, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: style === 'llama-bpe', vocab, merges,
    },
  };
}
