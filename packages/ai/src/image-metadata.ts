/**
 * What a photo says about itself without looking at its pixels: the EXIF block of a JPEG, HEIC,
 * PNG, TIFF or WebP (camera, date, pixel size, a scanner app's caption). Read with exifr, which
 * stops at the metadata and never decodes the image.
 */
import exifr from 'exifr';

export interface ImageMetadata {
  make: string | null;
  model: string | null;
  /** EXIF's ImageDescription: a camera's boilerplate (« OLYMPUS DIGITAL CAMERA ») is dropped. */
  description: string | null;
  width: number | null;
  height: number | null;
  taken: string | null;
}

/** Text some cameras write into every picture's description, which describes nothing. */
const BOILERPLATE = /^(?:[\w .-]*digital camera|default|sony dsc|image|picture|photo|\s*)$/i;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const size = (value: unknown): number | null => (typeof value === 'number' && value > 1 ? value : null);

/** Null when the bytes carry no metadata (stripped by a messaging app, or not an image). */
export async function readImageMetadata(content: Buffer): Promise<ImageMetadata | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(content, {
      tiff: true,
      exif: true,
      ihdr: true,
      gps: false,
      interop: false,
      icc: false,
      iptc: false,
      xmp: false,
      jfif: false,
      translateValues: false,
      reviveValues: false,
      pick: ['Make', 'Model', 'ImageDescription', 'DateTimeOriginal', 'ExifImageWidth', 'ExifImageHeight', 'ImageWidth', 'ImageHeight'],
    });
  } catch {
    // Not an image exifr knows, or a damaged one: as good as no metadata.
    return null;
  }
  if (!tags) return null;
  const make = text(tags.Make);
  const model = text(tags.Model);
  const description = text(tags.ImageDescription);
  const metadata: ImageMetadata = {
    make,
    model,
    description: description && !BOILERPLATE.test(description) && description !== make ? description : null,
    width: size(tags.ExifImageWidth) ?? size(tags.ImageWidth),
    height: size(tags.ExifImageHeight) ?? size(tags.ImageHeight),
    taken: text(tags.DateTimeOriginal),
  };
  return Object.values(metadata).some((v) => v !== null) ? metadata : null;
}
