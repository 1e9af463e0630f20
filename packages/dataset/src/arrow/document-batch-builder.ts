import { documentSchema, recordBatchFromColumns } from '@oellm/core/arrow';
import type { RecordBatch } from 'apache-arrow';
import { Utf8ColumnBuilder } from './utf8-column-builder.js';

/**
 * Accumulates documents column by column into record batches of the core document schema.
 *
 * @example
 * ```ts
 * import { DocumentBatchBuilder } from '@oellm/dataset';
 * const builder = new DocumentBatchBuilder();
 * builder.append('doc-1', 'Dia duit', 'ga', 'my-corpus', null, null);
 * const batch = builder.finish(); // 1 row
 * ```
 */
export class DocumentBatchBuilder {
  private readonly id = new Utf8ColumnBuilder();
  private readonly text = new Utf8ColumnBuilder(1024, 1 << 20);
  private readonly lang = new Utf8ColumnBuilder();
  private readonly source = new Utf8ColumnBuilder();
  private readonly url = new Utf8ColumnBuilder();
  private readonly metadata = new Utf8ColumnBuilder();

  get rows(): number {
    return this.id.rows;
  }

  /** Approximate bytes held (all columns). */
  get bytes(): number {
    return this.id.bytes + this.text.bytes + this.lang.bytes + this.source.bytes + this.url.bytes + this.metadata.bytes;
  }

  append(id: string, text: string, lang: string | null, source: string | null, url: string | null, metadata: string | null): void {
    this.id.append(id);
    this.text.append(text);
    this.lang.append(lang);
    this.source.append(source);
    this.url.append(url);
    this.metadata.append(metadata);
  }

  finish(): RecordBatch {
    const length = this.rows;
    const columns = [this.id, this.text, this.lang, this.source, this.url, this.metadata].map((builder) => builder.finish());
    return recordBatchFromColumns(documentSchema, columns, length);
  }
}
