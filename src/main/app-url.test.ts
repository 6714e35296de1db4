import { describe, expect, it } from 'vitest';
import { appUrlMatcher, isTrustedSender } from './app-url';

const appOrigin = 'app://unsure';

describe('appUrlMatcher (built renderer)', () => {
  const isAppUrl = appUrlMatcher({ appOrigin });

  it('accepts the app origin, any of its pages, with a query or a hash', () => {
    expect(isAppUrl(appOrigin)).toBe(true);
    expect(isAppUrl(`${appOrigin}/index.html`)).toBe(true);
    expect(isAppUrl(`${appOrigin}/index.html#/train`)).toBe(true);
    expect(isAppUrl(`${appOrigin}/?view=check`)).toBe(true);
  });

  it('refuses local files, other hosts of the scheme and look-alikes', () => {
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('file:///opt/Unsure/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('app://unsure.evil.example/index.html')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('app://user@unsure/index.html')).toBe(false);
    expect(isAppUrl('app://unsure:8080/index.html')).toBe(false);
    expect(isAppUrl('apps://unsure/index.html')).toBe(false);
  });

  it('refuses remote pages, scripts and garbage', () => {
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('javascript:alert(1)')).toBe(false);
    expect(isAppUrl('data:text/html,<h1>x</h1>')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('appUrlMatcher (dev server)', () => {
  const isAppUrl = appUrlMatcher({ appOrigin, devServerUrl: 'http://localhost:5173' });

  it('accepts any page of the dev server’s origin', () => {
    expect(isAppUrl('http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.ts?t=1#x')).toBe(true);
  });

  it('refuses look-alike origins that a prefix test would let through', () => {
    expect(isAppUrl('http://localhost:5173.evil.example/')).toBe(false);
    expect(isAppUrl('http://localhost:51730/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/')).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    const matcher = appUrlMatcher({ appOrigin, devServerUrl: 'javascript:alert(1)' });
    expect(matcher('javascript:alert(1)')).toBe(false);
  });

  it('rejects an app origin that is a web or file URL', () => {
    expect(() => appUrlMatcher({ appOrigin: 'https://example.com' })).toThrow();
    expect(() => appUrlMatcher({ appOrigin: 'file:///opt/Unsure' })).toThrow();
  });
});

describe('isTrustedSender', () => {
  const isAppUrl = appUrlMatcher({ appOrigin });
  const rendererIndexUrl = `${appOrigin}/index.html`;

  it('trusts the top frame of the app page', () => {
    expect(isTrustedSender({ url: `${rendererIndexUrl}#/models`, parent: null }, isAppUrl)).toBe(true);
  });

  it('refuses a destroyed frame, a child frame and a foreign page', () => {
    expect(isTrustedSender(null, isAppUrl)).toBe(false);
    expect(isTrustedSender(undefined, isAppUrl)).toBe(false);
    const top = { url: rendererIndexUrl, parent: null };
    expect(isTrustedSender({ url: rendererIndexUrl, parent: top }, isAppUrl)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', parent: null }, isAppUrl)).toBe(false);
  });
});
