import { describe, expect, it } from 'vitest';
import { readImageMetadata } from '../src/image-metadata.ts';
import { imageWithMetadata } from './fixtures/image.ts';

describe('readImageMetadata', () => {
  it('reads camera, frame, date and caption from JPEG, HEIC and PNG alike', async () => {
    const meta = {
      width: 3000,
      height: 4000,
      make: 'samsung',
      model: 'SM-A546B',
      dateTimeOriginal: '2026:10:02 18:30:00',
      imageDescription: 'Bail signé',
    };
    for (const mimeType of ['image/jpeg', 'image/heic', 'image/png']) {
      expect(await readImageMetadata(imageWithMetadata(mimeType, meta))).toEqual({
        make: 'samsung',
        model: 'SM-A546B',
        description: 'Bail signé',
        width: 3000,
        height: 4000,
        taken: '2026:10:02 18:30:00',
      });
    }
  });

  it('drops a camera’s boilerplate caption, and gives null for stripped or unreadable bytes', async () => {
    const olympus = await readImageMetadata(
      imageWithMetadata('image/jpeg', { make: 'OLYMPUS IMAGING CORP.', imageDescription: 'OLYMPUS DIGITAL CAMERA' }),
    );
    expect(olympus).toMatchObject({ make: 'OLYMPUS IMAGING CORP.', description: null });
    expect(await readImageMetadata(imageWithMetadata('image/jpeg'))).toBeNull();
    expect(await readImageMetadata(Buffer.from('not an image'))).toBeNull();
  });
});
