import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'oellm-cli-quantize-'));

describe('oellm quantize', () => {
  it('quantises with a recipe (the default command of the group), writes the report and a manifest that verifies', async () => {
    const out = join(directory, 'stories-Q8_0.gguf');
    const reportPath = join(directory, 'report.json');
    const result = await run('quantize', '--input', stories, '--type', 'Q8_0', '--out', out, '--report', reportPath, '--threads', '0');
    // Not a terminal: the progress bar leaves one summary line per task.
    expect(result.stderr).toMatch(/quantize Q8_0/);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Q8_0, 48 tensors/);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.tensors).toHaveLength(48);
    const down = report.tensors.find((tensor: { name: string }) => tensor.name === 'blk.0.ffn_down.weight');
    // 172-wide rows are not a whole number of 32-weight blocks: llama.cpp falls back to F16.
    expect(down).toMatchObject({ type: 'F16', fallback: true });
    const query = report.tensors.find((tensor: { name: string }) => tensor.name === 'blk.0.attn_q.weight');
    expect(query.type).toBe('Q8_0');
    expect(query.bitsPerWeight).toBe(8.5);
    expect(query.rootMeanSquareError).toBeGreaterThan(0);
    expect(query.maximumError).toBeGreaterThanOrEqual(query.rootMeanSquareError);
    expect(report.totals.tensors).toBe(48);
    const verified = await run('verify', `${out}.manifest.json`);
    expect(verified.exitCode).toBe(0);
  });

  it('applies --tensor-type overrides and runs `quantize inspect` on the result', async () => {
    const out = join(directory, 'stories-override.gguf');
    const result = await run('quantize', '--input', stories, '--type', 'Q4_0', '--out', out, '--tensor-type', 'attn_v=Q8_0', '--json', '--threads', '0');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tensors.find((tensor: { name: string }) => tensor.name === 'blk.3.attn_v.weight')).toMatchObject({ type: 'Q8_0', override: true });
    const inspected = await run('quantize', 'inspect', out, '--json');
    expect(inspected.exitCode).toBe(0);
    const description = JSON.parse(inspected.stdout);
    expect(description.metadata['general.file_type']).toBe(2);
    expect(description.tensors.find((tensor: { name: string }) => tensor.name === 'blk.3.attn_v.weight').type).toBe('Q8_0');
    const table = await run('quantize', 'inspect', out);
    expect(table.stdout).toMatch(/blk\.0\.attn_q\.weight\s+Q4_0\s+64×64/);
  });

  it('applies an importance matrix (legacy .dat) given with --imatrix', async () => {
    const name = 'blk.0.attn_q.weight';
    const int32 = (value: number) => { const buffer = Buffer.alloc(4); buffer.writeInt32LE(value); return buffer; };
    const values = Buffer.from(Float32Array.from({ length: 64 }, (_, index) => 1 + (index % 7)).buffer);
    const imatrix = join(directory, 'imatrix.dat');
    writeFileSync(imatrix, Buffer.concat([int32(1), int32(name.length), Buffer.from(name), int32(10), int32(64), values]));
    const result = await run('quantize', '--input', stories, '--type', 'Q4_0', '--out', join(directory, 'imatrix.gguf'), '--imatrix', imatrix, '--json', '--threads', '0');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tensors.find((tensor: { name: string }) => tensor.name === name).importance).toBe(true);
    expect(report.tensors.find((tensor: { name: string }) => tensor.name === 'blk.0.attn_k.weight').importance).toBe(false);
  });

  it('converts a Hugging Face Llama directory given as --input, and its manifest lists the original files', async () => {
    const model = join(directory, 'hf-llama');
    mkdirSync(model);
    const [embedding, layers, feedForward] = [256, 1, 256];
    const tensors: Array<[string, number[]]> = [['model.embed_tokens.weight', [260, embedding]], ['model.norm.weight', [embedding]]];
    for (const part of ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.o_proj']) tensors.push([`model.layers.0.${part}.weight`, [embedding, embedding]]);
    for (const part of ['mlp.gate_proj', 'mlp.up_proj']) tensors.push([`model.layers.0.${part}.weight`, [feedForward, embedding]]);
    tensors.push(['model.layers.0.mlp.down_proj.weight', [embedding, feedForward]], ['model.layers.0.input_layernorm.weight', [embedding]], ['model.layers.0.post_attention_layernorm.weight', [embedding]]);
    const header: Record<string, unknown> = {};
    const blobs: Buffer[] = [];
    let offset = 0;
    for (const [name, shape] of tensors) {
      const data = Buffer.from(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, index) => Math.sin(index) / 20).buffer);
      header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.length] };
      offset += data.length;
      blobs.push(data);
    }
    const json = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(join(model, 'model.safetensors'), Buffer.concat([length, json, ...blobs]));
    writeFileSync(join(model, 'config.json'), JSON.stringify({ architectures: ['LlamaForCausalLM'], hidden_size: embedding, num_hidden_layers: layers, num_attention_heads: 4, num_key_value_heads: 4, intermediate_size: feedForward, max_position_embeddings: 128 }));
    // tokenizer.model: a ModelProto with 260 pieces (field 1 → piece 1, type 3), written by the .proto definition.
    const pieces = Array.from({ length: 260 }, (_, index) => {
      const text = Buffer.from(index < 3 ? ['<unk>', '<s>', '</s>'][index]! : index < 259 ? `<0x${(index - 3).toString(16).toUpperCase().padStart(2, '0')}>` : '▁x');
      const body = Buffer.concat([Buffer.from([0x0a, text.length]), text, Buffer.from([0x18, index === 0 ? 2 : index < 3 ? 3 : index < 259 ? 6 : 1])]);
      return Buffer.concat([Buffer.from([0x0a, body.length]), body]);
    });
    writeFileSync(join(model, 'tokenizer.model'), Buffer.concat(pieces));
    const out = join(directory, 'hf-Q8_0.gguf');
    const result = await run('quantize', '--input', model, '--type', 'Q8_0', '--out', out, '--threads', '0');
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.exitCode).toBe(0);
    const inspected = JSON.parse((await run('quantize', 'inspect', out, '--json')).stdout);
    expect(inspected.tensors.find((tensor: { name: string }) => tensor.name === 'blk.0.attn_q.weight').type).toBe('Q8_0');
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    expect(manifest.inputs.map((input: { path: string }) => input.path.split('/').pop()).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.model']);
    expect(readdirSync(directory).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('bad usage and bad files exit 2 with a message', async () => {
    expect((await run('quantize', '--input', stories, '--out', join(directory, 'x.gguf'))).exitCode).toBe(2);
    expect((await run('quantize', '--input', stories, '--type', 'Q9_X', '--out', join(directory, 'x.gguf'))).exitCode).toBe(2);
    const broken = join(directory, 'broken.gguf');
    writeFileSync(broken, readFileSync(stories).subarray(0, 5000));
    const result = await run('quantize', 'inspect', broken);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/broken\.gguf/);
    const quantized = join(directory, 'stories-Q8_0.gguf');
    const again = await run('quantize', '--input', quantized, '--type', 'Q4_0', '--out', join(directory, 'again.gguf'), '--threads', '0');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already Q8_0.*--allow-requantize/);
    expect((await run('quantize', '--input', quantized, '--type', 'Q4_0', '--out', join(directory, 'again.gguf'), '--threads', '0', '--allow-requantize')).exitCode).toBe(0);
  });
});
