// Writes a JSONL.zst corpus of HPLT-v2-shaped documents built from FLORES-200 dev sentences
// (random runs of 3–40 sentences of one language), streaming through the `zstd` tool.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';

export async function generateCorpus(path, megabytes, floresDirectory) {
  const files = readdirSync(floresDirectory).filter((name) => name.endsWith('.dev')).sort();
  const languages = files.map((name) => ({ code: name.replace('.dev', ''), sentences: readFileSync(new URL(name, floresDirectory), 'utf8').split('\n').filter(Boolean) }));
  const zstd = spawn('zstd', ['-q', '-f', '-3', '-o', path], { stdio: ['pipe', 'inherit', 'inherit'] });
  let seed = 42;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  let written = 0;
  let documents = 0;
  const target = megabytes * 1e6;
  while (written < target) {
    let chunk = '';
    for (let index = 0; index < 200; index++) {
      const language = languages[Math.floor(random() * languages.length)];
      const count = 3 + Math.floor(random() * 38);
      const start = Math.floor(random() * (language.sentences.length - count));
      const text = language.sentences.slice(start, start + count).join(random() < 0.5 ? '\n' : ' ');
      const record = {
        f: `warc/${documents % 97}.warc.gz`, o: documents * 1000, s: text.length, rs: text.length + 300,
        u: `https://example-${documents % 1000}.eu/${language.code}/${documents}`, c: 'text/html', ts: '2024-03-01T12:00:00Z', collection: 'cc40',
        lang: [language.code], prob: [0.9 + random() / 10], text, seg_langs: Array.from({ length: Math.min(count, 8) }, () => language.code),
        id: `doc-${documents}`, filter: 'keep', pii: [], doc_scores: [Math.round(random() * 1000) / 100], robots: 'allowed',
      };
      chunk += `${JSON.stringify(record)}\n`;
      documents++;
    }
    written += Buffer.byteLength(chunk);
    if (!zstd.stdin.write(chunk)) await once(zstd.stdin, 'drain');
  }
  zstd.stdin.end();
  const [code] = await once(zstd, 'exit');
  if (code !== 0) throw new Error(`zstd exited with ${code}`);
  return { bytes: written, documents };
}
