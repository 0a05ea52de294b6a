/**
 * A browser's MediaRecorder writes WebM live: it cannot seek back, so the Segment and every
 * Cluster have the EBML "unknown size" and the header no duration. music-metadata skips a
 * Cluster by its size and throws on an unknown one, although all it reads (EBML header, Info,
 * Tracks, Tags) comes before the first Cluster in such a file.
 */

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;

interface Vint {
  value: number;
  length: number;
  /** Every data bit set: the EBML "unknown size". */
  unknown: boolean;
}

/** An EBML variable-length integer at `pos`; `keepMarker` for element IDs, which keep their length bit. */
function readVint(bytes: Uint8Array, pos: number, maxLength: number, keepMarker: boolean): Vint | null {
  const first = bytes[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > maxLength || pos + length > bytes.length) return null;
  const marker = 0x80 >> (length - 1);
  let value = keepMarker ? first : first & (marker - 1);
  let unknown = (first & (marker - 1)) === marker - 1;
  for (let i = 1; i < length; i += 1) {
    const byte = bytes[pos + i]!;
    value = value * 256 + byte;
    unknown &&= byte === 0xff;
  }
  return { value, length, unknown };
}

/** An element's ID and size at `pos`, and where its data starts. */
function readElement(bytes: Uint8Array, pos: number): { id: number; size: Vint; data: number } | null {
  const id = readVint(bytes, pos, 4, true);
  if (!id) return null;
  const size = readVint(bytes, pos + id.length, 8, false);
  if (!size) return null;
  return { id: id.value, size, data: pos + id.length + size.length };
}

/**
 * The bytes of a live WebM up to its first Cluster of unknown size: the header alone, which
 * music-metadata reads. Null when this is not such a file (not EBML, or no unknown-size Cluster).
 */
export function liveWebmHead(bytes: Uint8Array): Uint8Array | null {
  const header = readElement(bytes, 0);
  if (header?.id !== EBML_HEADER || header.size.unknown) return null;
  const segment = readElement(bytes, header.data + header.size.value);
  if (segment?.id !== SEGMENT) return null;
  let pos = segment.data;
  while (pos < bytes.length) {
    const element = readElement(bytes, pos);
    if (!element) return null;
    if (element.size.unknown) return element.id === CLUSTER ? bytes.subarray(0, pos) : null;
    pos = element.data + element.size.value;
  }
  return null;
}
