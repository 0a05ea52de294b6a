// Real image bytes for the labeled photos: a JPEG (jpeg-js), a PNG or a HEIF container carrying
// the camera's EXIF tags (Make, Model, DateTimeOriginal, ImageDescription, pixel size), as a
// phone writes them; an image whose metadata a messaging app stripped carries none.
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import type { LabeledDocument } from './data.ts';

type ImageFacts = NonNullable<LabeledDocument['image']>;

const ASCII = 2;
const LONG = 4;
interface Tag {
  tag: number;
  type: typeof ASCII | typeof LONG;
  value: string | number;
}

/** A little-endian TIFF structure: IFD0 and, when it has tags, the Exif sub-IFD it points to. */
function tiff(ifd0: Tag[], exif: Tag[]): Buffer {
  const ifdSize = (tags: Tag[]) => 2 + tags.length * 12 + 4;
  // Phones and exiftool write UTF-8 in ASCII tags; readers decode it so.
  const dataOf = (t: Tag) => (t.type === ASCII ? Buffer.from(`${t.value}\0`, 'utf8') : null);
  const spill = (tags: Tag[]) =>
    tags.reduce((n, t) => n + ((dataOf(t)?.length ?? 0) > 4 ? dataOf(t)!.length + (dataOf(t)!.length % 2) : 0), 0);
  const withPointer = exif.length ? [...ifd0, { tag: 0x8769, type: LONG, value: 0 } as Tag] : ifd0;
  const ifd0Offset = 8;
  const exifOffset = ifd0Offset + ifdSize(withPointer) + spill(withPointer);
  if (exif.length) withPointer[withPointer.length - 1]!.value = exifOffset;
  const total = exifOffset + (exif.length ? ifdSize(exif) + spill(exif) : 0);
  const out = Buffer.alloc(total);
  out.write('II', 0, 'ascii');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifd0Offset, 4);
  const writeIfd = (tags: Tag[], at: number) => {
    const sorted = [...tags].sort((a, b) => a.tag - b.tag);
    out.writeUInt16LE(sorted.length, at);
    let spillAt = at + ifdSize(sorted);
    sorted.forEach((t, i) => {
      const entry = at + 2 + i * 12;
      out.writeUInt16LE(t.tag, entry);
      out.writeUInt16LE(t.type, entry + 2);
      const data = dataOf(t);
      if (!data) {
        out.writeUInt32LE(1, entry + 4);
        out.writeUInt32LE(t.value as number, entry + 8);
      } else {
        out.writeUInt32LE(data.length, entry + 4);
        if (data.length <= 4) data.copy(out, entry + 8);
        else {
          out.writeUInt32LE(spillAt, entry + 8);
          data.copy(out, spillAt);
          spillAt += data.length + (data.length % 2);
        }
      }
    });
    out.writeUInt32LE(0, at + 2 + sorted.length * 12);
  };
  writeIfd(withPointer, ifd0Offset);
  if (exif.length) writeIfd(exif, exifOffset);
  return out;
}

/** The EXIF block of a photo, or null when nothing is left of it (a WhatsApp copy). */
export function exifOf(image: ImageFacts): Buffer | null {
  const text = (tag: number, value: string | undefined): Tag[] => (value ? [{ tag, type: ASCII, value }] : []);
  const described = [
    ...text(0x010e, image.imageDescription),
    ...text(0x010f, image.make),
    ...text(0x0110, image.model),
    ...text(0x9003, image.dateTimeOriginal),
  ];
  if (!described.length) return null;
  const ifd0 = [
    { tag: 0x0100, type: LONG, value: image.width } as Tag,
    { tag: 0x0101, type: LONG, value: image.height } as Tag,
    ...text(0x010e, image.imageDescription),
    ...text(0x010f, image.make),
    ...text(0x0110, image.model),
  ];
  const exif = [
    ...text(0x9003, image.dateTimeOriginal),
    { tag: 0xa002, type: LONG, value: image.width } as Tag,
    { tag: 0xa003, type: LONG, value: image.height } as Tag,
  ];
  return tiff(ifd0, exif);
}

// One flat grey picture per size: encoding 12 megapixels takes seconds, the pixels never differ.
const jpegPixels = new Map<string, Buffer>();
const pngPixels = new Map<string, Buffer>();

function grey(width: number, height: number, channels: number): Buffer {
  return Buffer.alloc(width * height * channels, 0xa0);
}

export function jpegWithExif(image: ImageFacts): Buffer {
  const size = `${image.width}x${image.height}`;
  let encoded = jpegPixels.get(size);
  if (!encoded) {
    encoded = jpeg.encode({ width: image.width, height: image.height, data: grey(image.width, image.height, 4) }, 50).data;
    jpegPixels.set(size, encoded);
  }
  const exif = exifOf(image);
  if (!exif) return encoded;
  // APP1 right after SOI: "Exif\0\0" then the TIFF structure.
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exif]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  // jpeg-js writes a JFIF APP0 after SOI; EXIF readers take APP1 anywhere before the frame.
  return Buffer.concat([encoded.subarray(0, 2), app1, payload, encoded.subarray(2)]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG with its EXIF in an eXIf chunk (PNG 1.5), before the image data as readers expect. */
export function pngWithExif(image: ImageFacts): Buffer {
  const size = `${image.width}x${image.height}`;
  let idat = pngPixels.get(size);
  if (!idat) {
    const row = Buffer.concat([Buffer.from([0]), grey(image.width, 1, 3)]);
    idat = pngChunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: image.height }, () => row))));
    pngPixels.set(size, idat);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const exif = exifOf(image);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(exif ? [pngChunk('eXIf', exif)] : []),
    idat,
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}
const fullBox = (type: string, version: number, ...parts: Buffer[]) => box(type, Buffer.from([version, 0, 0, 0]), ...parts);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};

/**
 * A HEIF file as an iPhone names it (brand heic): the meta box lists a primary image item and an
 * Exif item whose bytes sit in mdat, with the image's size in an ispe property. No coded picture:
 * nothing here decodes HEVC, and the product reads only what the metadata says.
 */
export function heicWithExif(image: ImageFacts): Buffer {
  const exif = exifOf(image);
  const ftyp = box('ftyp', Buffer.from('heic', 'ascii'), u32(0), Buffer.from('mif1heic', 'ascii'));
  const payload = exif ? Buffer.concat([u32(0), exif]) : Buffer.alloc(0);
  const build = (payloadOffset: number) => {
    const items = [fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1\0', 'latin1'))];
    if (exif) items.push(fullBox('infe', 2, u16(2), u16(0), Buffer.from('Exif\0', 'latin1')));
    const locations = [Buffer.concat([u16(1), u16(0), u16(1), u32(payloadOffset + payload.length), u32(0)])];
    if (exif) locations.push(Buffer.concat([u16(2), u16(0), u16(1), u32(payloadOffset), u32(payload.length)]));
    const ispe = fullBox('ispe', 0, u32(image.width), u32(image.height));
    const ipma = fullBox('ipma', 0, u32(1), u16(1), Buffer.from([1, 0x81]));
    return fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'ascii'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox('iinf', 0, u16(items.length), ...items),
      fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(locations.length), ...locations),
      ...(exif ? [box('iref', Buffer.from([0, 0, 0, 0]), box('cdsc', u16(2), u16(1), u16(1)))] : []),
      box('iprp', box('ipco', ispe), ipma),
    );
  };
  // Offsets are absolute: the meta box's size does not depend on them, so measure it once.
  const offset = ftyp.length + build(0).length + 8;
  return Buffer.concat([ftyp, build(offset), box('mdat', payload)]);
}

/** The bytes of a labeled photo, in the format its MIME type names. */
export function imageBytes(mimeType: string, image: ImageFacts): Buffer {
  if (mimeType === 'image/png') return pngWithExif(image);
  if (mimeType === 'image/heic' || mimeType === 'image/heif') return heicWithExif(image);
  if (mimeType === 'image/jpeg') return jpegWithExif(image);
  throw new Error(`no image writer for ${mimeType}`);
}
