// Typed arrays that grow in place, over resizable ArrayBuffers (ES2024; Node 20 has them, the
// ES2023 lib TypeScript is set to does not declare them). Growing one commits more of memory
// reserved up front instead of copying into a new array: no copy, no dead array waiting for a
// collection, and untouched capacity is never resident. The BPE pair table grows to about a
// million pairs while training's memory peaks, and copies made it swing by tens of megabytes.

type ResizableArrayBuffer = ArrayBuffer & { resize(byteLength: number): void; readonly maxByteLength: number };
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

type GrowableArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Int16Array;

/** An Int32Array of `length` elements (zeros) that {@link growInPlace} can grow up to `maximumLength`. */
export function growableInt32Array(length: number, maximumLength: number): Int32Array {
  return new Int32Array(new ResizableArrayBuffer(length * 4, { maxByteLength: maximumLength * 4 }));
}

/** A Float64Array of `length` elements (zeros) that {@link growInPlace} can grow up to `maximumLength`. */
export function growableFloat64Array(length: number, maximumLength: number): Float64Array {
  return new Float64Array(new ResizableArrayBuffer(length * 8, { maxByteLength: maximumLength * 8 }));
}

/** A Uint8Array of `length` elements (zeros) that {@link growInPlace} can grow up to `maximumLength`. */
export function growableUint8Array(length: number, maximumLength: number): Uint8Array {
  return new Uint8Array(new ResizableArrayBuffer(length, { maxByteLength: maximumLength }));
}

/** A Uint16Array of `length` elements (zeros) that {@link growInPlace} can grow up to `maximumLength`. */
export function growableUint16Array(length: number, maximumLength: number): Uint16Array {
  return new Uint16Array(new ResizableArrayBuffer(length * 2, { maxByteLength: maximumLength * 2 }));
}

/** An Int16Array of `length` elements (zeros) that {@link growInPlace} can grow up to `maximumLength`. */
export function growableInt16Array(length: number, maximumLength: number): Int16Array {
  return new Int16Array(new ResizableArrayBuffer(length * 2, { maxByteLength: maximumLength * 2 }));
}

/**
 * Grows an array made by one of the functions above to at least `minimumLength` elements (new
 * elements are zero); the array object stays the same (it tracks its buffer's length).
 */
export function growInPlace(array: GrowableArray, minimumLength: number): void {
  if (array.length >= minimumLength) return;
  const buffer = array.buffer as ResizableArrayBuffer;
  const size = array.BYTES_PER_ELEMENT;
  if (minimumLength * size > buffer.maxByteLength) throw new RangeError(`more than ${buffer.maxByteLength / size} elements`);
  buffer.resize(Math.min(buffer.maxByteLength, Math.max(minimumLength, array.length * 2) * size));
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
  if (typeof buffer.resize === 'function' && (buffer as { resizable?: boolean }).resizable === true) buffer.resize(0);
}
