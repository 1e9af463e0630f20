import { writeFileAtomic } from '@oellm/core';

/** One tokenized document for {@link writeArrowTokenFile}. */
export interface TokenizedDocument {
  id?: string | null;
  ids: ArrayLike<number>;
}

/**
 * Writes tokenized documents as an Arrow IPC file with columns `id` (utf8, nullable) and
 * `tokens` (list<uint32>), one row per document, atomically. apache-arrow is loaded only when
 * this is called (it is an optional peer dependency).
 *
 * @example
 * ```ts
 * import { writeArrowTokenFile } from '@oellm/tokenizer';
 * await writeArrowTokenFile('out/tokens.arrow', documents.map((text, index) => ({ id: String(index), ids: tokenizer.encode(text) })));
 * ```
 */
export async function writeArrowTokenFile(path: string, documents: readonly TokenizedDocument[]): Promise<{ rows: number; tokens: number }> {
  const arrow = await import('apache-arrow');
  const offsets = new Int32Array(documents.length + 1);
  let total = 0;
  for (let index = 0; index < documents.length; index++) {
    total += documents[index]!.ids.length;
    if (total > 0x7fffffff) throw new RangeError('more than 2^31 tokens in one Arrow file; split the documents over several files');
    offsets[index + 1] = total;
  }
  const values = new Uint32Array(total);
  for (let index = 0; index < documents.length; index++) values.set(documents[index]!.ids, offsets[index]!);
  const itemField = new arrow.Field('item', new arrow.Uint32(), false);
  const tokensType = new arrow.List(itemField);
  const tokens = arrow.makeData({ type: tokensType, length: documents.length, nullCount: 0, valueOffsets: offsets, child: arrow.makeData({ type: new arrow.Uint32(), length: total, data: values }) });
  const idBuilder = arrow.makeBuilder({ type: new arrow.Utf8(), nullValues: [null, undefined] });
  for (const document of documents) idBuilder.append(document.id ?? null);
  const schema = new arrow.Schema([new arrow.Field('id', new arrow.Utf8(), true), new arrow.Field('tokens', tokensType, false)]);
  const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: documents.length, nullCount: 0, children: [idBuilder.finish().flush(), tokens] }));
  await writeFileAtomic(path, arrow.tableToIPC(new arrow.Table(batch), 'file'));
  return { rows: documents.length, tokens: total };
}
