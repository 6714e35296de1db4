import { describe, expect, it } from 'vitest';
import { cameraErrorText } from './camera';

/** A DOMException-like error (Node has DOMException; the name is what browsers set). */
const refused = (name: string) => new DOMException('denied', name);

describe('cameraErrorText', () => {
  it('says the camera was refused and where to allow it', () => {
    expect(cameraErrorText(refused('NotAllowedError'))).toMatch(
      /^The camera was refused\. .*allow the camera/,
    );
  });

  it('says there is no camera, and what to do instead', () => {
    expect(cameraErrorText(refused('NotFoundError'))).toMatch(/^No camera was found\./);
  });

  it('says when another program holds the camera', () => {
    expect(cameraErrorText(refused('NotReadableError'))).toMatch(/another program/);
  });

  it('keeps the message of an unexpected error', () => {
    expect(cameraErrorText(new Error('boom'))).toBe('The camera could not be started: boom');
  });
});
