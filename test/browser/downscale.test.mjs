// Large photos in a real browser: the composer scales them (createImageBitmap, OffscreenCanvas)
// before attaching, so a ChatWindow behind the server proxy (default `maxBodyBytes`, 10 MB) sends
// them instead of getting a 413.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendMessage, waitForReply, withStory } from './helpers.mjs';

const PHOTO = 'server-createchathandler--photo';

/**
 * A photo-like image drawn in the page (gradients with fine grain, which JPEG cannot compress
 * away, as a camera's is), encoded as `type`; returns its bytes.
 */
async function drawImage(page, width, height, type, grain) {
  const base64 = await page.evaluate(
    async ([width, height, type, grain]) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#2a6f97');
      gradient.addColorStop(0.5, '#e9c46a');
      gradient.addColorStop(1, '#9b2226');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height);
      for (let index = 0; index < pixels.data.length; index++) {
        pixels.data[index] += (Math.random() - 0.5) * grain;
      }
      context.putImageData(pixels, 0, 0);
      const blob = await canvas.convertToBlob({ type, quality: 0.95 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let start = 0; start < bytes.length; start += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
      }
      return btoa(binary);
    },
    [width, height, type, grain],
  );
  return Buffer.from(base64, 'base64');
}

/** The decoded size of an image in the page, and the bytes of its data URL. */
function measure(image) {
  return image.evaluate(async (element) => {
    await element.decode();
    const url = element.src;
    return {
      width: element.naturalWidth,
      height: element.naturalHeight,
      type: url.slice(5, url.indexOf(';')),
      bytes: atob(url.slice(url.indexOf(',') + 1)).length,
    };
  });
}

test('a 12-megapixel JPEG (over 8 MB) and a 3000×4000 PNG are scaled to 2048 pixels on their longer side, and go through the proxy in every request of the thread', async () => {
  await withStory('downscale-photo', PHOTO, async (page, events) => {
    const jpeg = await drawImage(page, 4000, 3000, 'image/jpeg', 90);
    const png = await drawImage(page, 3000, 4000, 'image/png', 0);
    // As a data URL the JPEG alone is over the proxy's 10 MB: sent as it is, the request is a 413.
    assert.ok((jpeg.length * 4) / 3 > 10_000_000, `the JPEG is ${jpeg.length} bytes`);

    await page.locator('input.rcc-composer-file-input').setInputFiles([
      { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg },
      { name: 'screen.png', mimeType: 'image/png', buffer: png },
    ]);
    const ready = page.locator('.rcc-composer-attachment[data-state="ready"]');
    await page.waitForFunction(
      () => document.querySelectorAll('.rcc-composer-attachment[data-state="ready"]').length === 2,
      undefined,
      { timeout: 30_000 },
    );
    // The names are kept; the previews show the scaled images.
    assert.equal(await page.getByRole('button', { name: 'Remove photo.jpg' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Remove screen.png' }).count(), 1);
    const previews = [await measure(ready.nth(0).locator('img')), await measure(ready.nth(1).locator('img'))];
    assert.deepEqual(
      previews.map(({ width, height, type }) => [width, height, type]),
      [
        [2048, 1536, 'image/jpeg'],
        [1536, 2048, 'image/png'],
      ],
    );
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);

    await sendMessage(page, 'What is in these pictures?');
    assert.equal(await waitForReply(page), 'done');
    const sent = page.locator('[role="log"] [data-role="user"] img');
    assert.equal(await sent.count(), 2);
    const [photo, screen] = [await measure(sent.nth(0)), await measure(sent.nth(1))];
    assert.deepEqual([photo.width, photo.height, photo.type], [2048, 1536, 'image/jpeg']);
    assert.deepEqual([screen.width, screen.height, screen.type], [1536, 2048, 'image/png']);
    assert.ok(photo.bytes < jpeg.length / 3, `the JPEG went from ${jpeg.length} to ${photo.bytes} bytes`);
    assert.ok(screen.bytes < png.length, `the PNG went from ${png.length} to ${screen.bytes} bytes`);

    // The next request carries the images again, and goes through too.
    await sendMessage(page, 'And the colours?');
    assert.equal(await waitForReply(page), 'done');
    const lengths = await page
      .locator('[data-forwarded]')
      .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-length'))));
    assert.equal(lengths.length, 2);
    for (const length of lengths) {
      assert.ok(length < 10_000_000 / 2, `a request of ${length} bytes is well under the proxy's 10 MB`);
    }
    console.log(
      `JPEG ${jpeg.length} -> ${photo.bytes} bytes, PNG ${png.length} -> ${screen.bytes} bytes, requests ${lengths.join(', ')}`,
    );
    assert.deepEqual(events.errors, []);
  });
});
