/**
 * Little-endian float encoding for file formats, independent of the host's byte order and of the
 * alignment of the byte buffer (a Node Buffer is often a slice of a shared pool at an odd offset).
 */

/** True when this host stores numbers little-endian (every mainstream CPU); false on big-endian hosts. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Fills `out` with out.length little-endian floats read from bytes[offset ..]; the caller has checked
 * that offset + out.byteLength <= bytes.length. `portable` forces the DataView path that big-endian
 * hosts take (exposed so tests can exercise it on a little-endian machine).
 */
export function readFloatsLE(bytes: Uint8Array, offset: number, out: Float32Array | Float64Array, portable = !HOST_LITTLE_ENDIAN): void {
  const n = out.length;
  if (!portable) {
    // A byte copy into the fresh, aligned array is the whole decode when the host is little-endian.
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes.subarray(offset, offset + out.byteLength));
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, out.byteLength);
  if (out instanceof Float32Array) {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  } else {
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
  }
}

/**
 * Writes src as little-endian floats into out[offset .. offset + src.byteLength); the caller has
 * checked that they fit. `portable` as in readFloatsLE.
 */
export function writeFloatsLE(src: Float32Array | Float64Array, out: Uint8Array, offset: number, portable = !HOST_LITTLE_ENDIAN): void {
  const n = src.length;
  if (!portable) {
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), offset);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, src.byteLength);
  if (src instanceof Float32Array) {
    for (let i = 0; i < n; i++) view.setFloat32(4 * i, src[i]!, true);
  } else {
    for (let i = 0; i < n; i++) view.setFloat64(8 * i, src[i]!, true);
  }
}
