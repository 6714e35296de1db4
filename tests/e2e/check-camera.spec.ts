// The camera, in Chromium with its fake camera fed a short video of a written 7 (the flags are this
// spec's only: other specs run without a camera).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { digitY4m } from './images';

const video = path.join(os.tmpdir(), `unsure-fake-camera-${process.pid}.y4m`);
fs.writeFileSync(video, digitY4m(7));

test.use({
  launchOptions: async ({ launchOptions }, use) => {
    await use({
      ...launchOptions,
      args: [
        ...(launchOptions.args ?? []),
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
  },
});

test.beforeEach(async ({ page }) => {
  // Keeps every stream the page opens, to see that Stop really ends it.
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { openedStreams: MediaStream[] }).openedStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Check', exact: true }).click();
});

test('"Use camera" previews the camera; Space and a click check frames; Stop turns it off', async ({
  page,
}) => {
  // Nothing is asked of the camera before the click.
  expect(
    await page.evaluate(() => (window as unknown as { openedStreams: unknown[] }).openedStreams.length),
  ).toBe(0);
  await page.getByRole('button', { name: 'Use camera' }).click();
  const preview = page.getByTestId('camera-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  const tracks = await page.evaluate(() =>
    (window as unknown as { openedStreams: MediaStream[] }).openedStreams.flatMap((s) =>
      s.getTracks().map((t) => t.kind),
    ),
  );
  expect(tracks).toEqual(['video']);

  await page.keyboard.press('Space');
  const first = page.getByRole('article', { name: 'Result for camera 1' });
  await expect(first.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accept', { timeout: 60_000 });
  await expect(first.getByTestId('prediction')).toHaveText('7');
  await page.getByRole('button', { name: 'Check this camera frame' }).click();
  const second = page.getByRole('article', { name: 'Result for camera 2' });
  await expect(second.getByTestId('prediction')).toHaveText('7', { timeout: 60_000 });
  // Space works from anywhere in the view, not only on the preview.
  await page.getByRole('heading', { name: 'Check images' }).click();
  await page.keyboard.press('Space');
  await expect(page.getByRole('article', { name: 'Result for camera 3' })).toBeVisible();
  // Tall enough to show the cards below the inputs (the view scrolls inside the window).
  await page.setViewportSize({ width: 1280, height: 1250 });
  await page.screenshot({ path: 'docs/screenshots/check-camera.png' });

  await page.getByRole('button', { name: 'Stop camera' }).click();
  await expect(preview).toHaveCount(0);
  const states = await page.evaluate(() =>
    (window as unknown as { openedStreams: MediaStream[] }).openedStreams.flatMap((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
  expect(states).toEqual(['ended']);
  await expect(page.getByRole('button', { name: 'Use camera' })).toBeVisible();
});

for (const [name, words] of [
  ['NotAllowedError', /The camera was refused\./],
  ['NotFoundError', /No camera was found\./],
] as const) {
  test(`a camera that fails with ${name} is explained in plain words`, async ({ page }) => {
    await page.evaluate((errorName) => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', errorName));
    }, name);
    await page.getByRole('button', { name: 'Use camera' }).click();
    await expect(page.getByTestId('camera-error')).toHaveText(words);
    await expect(page.getByTestId('camera-error')).toHaveRole('alert');
    await expect(page.getByTestId('camera-preview')).toHaveCount(0);
  });
}
