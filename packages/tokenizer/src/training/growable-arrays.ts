import { OellmError } from '@oellm/core';

// Typed arrays that grow in place, over resizable ArrayBuffers (ES2024; Node 20 has them, the
// ES2023 lib TypeScript is set to does not declare them). Growing one commits more of memory
// reserved up front instead of copying into a new array: no copy, no dead array waiting for a
// collection, and untouched capacity is never resident. The BPE pair table grows to about a
// million pairs while training's memory peaks, and copies made it swing by tens of megabytes.
//
// The reservation is address space, though, and HPC jobs often run under a virtual-memory limit
// (`ulimit -v`, Slurm's VSizeFactor): callers reserve what the array can really need (a bound
// from its use), a reservation the limit refuses is retried smaller, and an array that must pass
// its reservation moves to a bigger buffer by one copy (correct, if slower) instead of failing.

type ResizableArrayBuffer = ArrayBuffer & { resize(byteLength: number): void; readonly maxByteLength: number; readonly resizable: boolean };
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

type GrowableArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Int16Array;
type GrowableArrayConstructor<T extends GrowableArray> = { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

const megabyte = 1024 * 1024;

/** The error when even the bytes an array needs cannot be had: a clear cause and what to do, not a bare RangeError. */
function outOfMemory(bytes: number, cause: unknown): OellmError {
  return new OellmError({
    code: 'out_of_memory',
    message:
      `could not allocate ${(bytes / megabyte).toFixed(1)} MB for tokenizer training: the process is out of memory or address space ` +
      '(a virtual-memory limit such as `ulimit -v` or Slurm\'s VSizeFactor may be too low); raise the limit, or lower maximumWordTableSize ' +
      '(--maximum-word-table-size) or the corpus size',
    cause,
  });
}

/**
 * A resizable buffer of `bytes` that may grow to `reservedBytes`; when the system refuses that
 * much address space, a smaller reservation (halved until it is just `bytes`).
 */
function reserve(bytes: number, reservedBytes: number): ResizableArrayBuffer {
  let reservation = Math.max(bytes, reservedBytes);
  for (;;) {
    try {
      return new ResizableArrayBuffer(bytes, { maxByteLength: reservation });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      if (reservation <= bytes) throw outOfMemory(bytes, error);
      reservation = Math.max(bytes, Math.floor(reservation / 2 / 8) * 8);
    }
  }
}

function growable<T extends GrowableArray>(type: GrowableArrayConstructor<T>, length: number, reservedLength: number): T {
  const size = type.BYTES_PER_ELEMENT;
  return new type(reserve(length * size, reservedLength * size));
}

/**
 * An Int32Array of `length` elements (zeros) that {@link grow} grows in place up to
 * `reservedLength` (less if the system refuses that much address space), and by one copy beyond.
 *
 * @example
 * ```ts
 * let starts = growableInt32Array(1024, wordsAtMost);
 * starts = grow(starts, 4096); // the same array object while within the reservation
 * ```
 */
export function growableInt32Array(length: number, reservedLength: number): Int32Array {
  return growable(Int32Array, length, reservedLength);
}

/** A Float64Array of `length` elements (zeros) that {@link grow} grows in place up to `reservedLength` (see {@link growableInt32Array}). */
export function growableFloat64Array(length: number, reservedLength: number): Float64Array {
  return growable(Float64Array, length, reservedLength);
}

/** A Uint8Array of `length` elements (zeros) that {@link grow} grows in place up to `reservedLength` (see {@link growableInt32Array}). */
export function growableUint8Array(length: number, reservedLength: number): Uint8Array {
  return growable(Uint8Array, length, reservedLength);
}

/** A Uint16Array of `length` elements (zeros) that {@link grow} grows in place up to `reservedLength` (see {@link growableInt32Array}). */
export function growableUint16Array(length: number, reservedLength: number): Uint16Array {
  return growable(Uint16Array, length, reservedLength);
}

/** An Int16Array of `length` elements (zeros) that {@link grow} grows in place up to `reservedLength` (see {@link growableInt32Array}). */
export function growableInt16Array(length: number, reservedLength: number): Int16Array {
  return growable(Int16Array, length, reservedLength);
}

/**
 * Grows an array made by one of the functions above to at least `minimumLength` elements (new
 * elements are zero; growth doubles, so appending one at a time stays linear). Within its
 * reservation the array object stays the same (it tracks its buffer's length); beyond it (or for
 * a plain typed array) the values move to a new growable array with twice the room, the old
 * buffer is released, and the new array is returned: callers always keep the returned array.
 *
 * @example
 * ```ts
 * this.counts = grow(this.counts, this.size + 1);
 * ```
 */
export function grow<T extends GrowableArray>(array: T, minimumLength: number): T {
  if (array.length >= minimumLength) return array;
  const size = array.BYTES_PER_ELEMENT;
  const wanted = Math.max(minimumLength, array.length * 2) * size;
  const buffer = array.buffer as Partial<ResizableArrayBuffer>;
  const maximum = buffer.resizable === true ? buffer.maxByteLength! : 0;
  if (minimumLength * size <= maximum) {
    try {
      buffer.resize!(Math.min(maximum, wanted));
      return array;
    } catch (error) {
      // Committing the doubled size failed: try just what is needed before giving up.
      if (!(error instanceof RangeError)) throw error;
      try {
        buffer.resize!(minimumLength * size);
        return array;
      } catch (retryError) {
        if (!(retryError instanceof RangeError)) throw retryError;
        throw outOfMemory(minimumLength * size, retryError);
      }
    }
  }
  const type = array.constructor as GrowableArrayConstructor<T>;
  let moved: T;
  try {
    moved = new type(reserve(wanted, 2 * wanted));
  } catch {
    moved = new type(reserve(minimumLength * size, minimumLength * size));
  }
  moved.set(array as never);
  releaseGrowable(array);
  return moved;
}

/**
 * Shrinks a growable array to `length` elements (if longer), returning the memory past them to
 * the system at once; does nothing to a plain array.
 */
export function shrinkGrowable(array: GrowableArray, length: number): void {
  const buffer = array.buffer as Partial<ResizableArrayBuffer>;
  if (typeof buffer.resize === 'function' && (buffer as { resizable?: boolean }).resizable === true && array.length > length) buffer.resize(length * array.BYTES_PER_ELEMENT);
}

/**
 * Shrinks a growable array's buffer to nothing, returning its memory to the system at once (a
 * plain array's memory returns only when a collection finds it dead); does nothing to a plain
 * array. The array is empty afterwards.
 */
export function releaseGrowable(array: GrowableArray): void {
  const buffer = array.buffer as Partial<ResizableArrayBuffer>;
  if (typeof buffer.resize === 'function' && buffer.resizable === true) buffer.resize(0);
}
