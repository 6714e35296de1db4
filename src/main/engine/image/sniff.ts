// Recognises an image format from its first bytes, before any decoder sees the file, so that
// formats we refuse (SVG above all: it is a document that can reference other files) are never rendered.

export type SniffedFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'bmp' | 'svg' | 'heif' | 'pdf';

/** Formats the preprocessing decodes: sharp's, plus uncompressed BMP through our own decoder (bmp.ts). */
export const ACCEPTED_FORMATS: readonly SniffedFormat[] = ['png', 'jpeg', 'webp', 'gif', 'tiff', 'bmp'];

function startsWith(buf: Uint8Array, bytes: number[], offset = 0): boolean {
  return bytes.every((b, i) => buf[offset + i] === b);
}

function ascii(buf: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...buf.subarray(offset, offset + length));
}

/** The format named by the file's magic bytes, or null when nothing known matches. */
export function sniffFormat(buf: Uint8Array): SniffedFormat | null {
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 4) === 'WEBP') return 'webp';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(buf, 0, 2) === 'BM') return 'bmp';
  if (ascii(buf, 4, 4) === 'ftyp') return 'heif';
  if (ascii(buf, 0, 5) === '%PDF-') return 'pdf';
  if (looksLikeSvg(buf)) return 'svg';
  return null;
}

/** SVG is text: skip a BOM and whitespace, then look for an XML prolog, a doctype or an <svg tag. */
function looksLikeSvg(buf: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(buf.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg')) return true;
  if (head.startsWith('<?xml') || head.startsWith('<!doctype svg') || head.startsWith('<!--')) {
    return head.includes('<svg');
  }
  return false;
}
