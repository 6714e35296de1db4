// The camera for the Check view: asked for only when the user clicks, video only, and plain words
// when it cannot be had.

/** Opens the default camera, video only. */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new DOMException('no media devices', 'NotSupportedError');
  }
  return navigator.mediaDevices.getUserMedia({ video: true, audio: false });
}

/** Stops every track, which turns the camera (and its light) off. */
export function closeCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** What to tell the user when the camera could not be opened. */
export function cameraErrorText(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The camera was refused. To use it, allow the camera for this app in the browser or system privacy settings, then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect one, or choose or drop a photo instead.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another program may be using it.';
    case 'NotSupportedError':
      return 'This window cannot use a camera (a browser allows it only on https or on this computer).';
    default:
      return `The camera could not be started${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
  }
}

/** The current frame of a playing video as a PNG, or null when no frame has arrived yet. */
export function captureFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) return Promise.resolve(null);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(video, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
