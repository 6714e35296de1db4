// Reading the user's files in the browser: base64 for the contract, folders from drops and pickers.
import { base64ToBytes } from '../../../shared/base64';

/** Image types the engine decodes; anything else is still sent so the engine can say why it refuses it. */
export const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|gif|bmp|tiff?)$/i;

/** Base64 of a Blob's bytes (no data-URL prefix), read in chunks so large files do not blow the stack. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return bytesToBase64(bytes);
}

/** Base64 of raw bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export { base64ToBytes };

/** Starts a browser download of bytes given as base64. */
export function downloadBase64(fileName: string, base64: string, type = 'application/octet-stream'): void {
  downloadBlob(fileName, new Blob([base64ToBytes(base64).buffer as ArrayBuffer], { type }));
}

/** Starts a browser download of a Blob (Electron asks where to save it). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The image files of a paste: copied files keep their names; a copied picture (which browsers name
 * "image.png") is given the name `untitled()` returns.
 */
export function filesFromPaste(data: DataTransfer | null, untitled: () => string): File[] {
  if (!data) return [];
  const files = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .flatMap((item) => item.getAsFile() ?? []);
  return files.map((file) =>
    file.name === 'image.png' || file.name === '' ? new File([file], untitled(), { type: file.type }) : file,
  );
}

/** The display name of a picked file: its path inside a picked folder when there is one. */
export function displayName(file: File): string {
  return file.webkitRelativePath || file.name;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every file under an entry, folders walked recursively (readEntries returns batches). */
async function filesOfEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    out.push(await entryFile(entry as FileSystemFileEntry));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) {
      if (entry.isDirectory && child.isFile && !IMAGE_EXTENSIONS.test(child.name)) continue;
      await filesOfEntry(child, out);
    }
  }
}

/** The files of a drop, with dropped folders expanded to the images inside them. */
export async function filesFromDrop(transfer: DataTransfer): Promise<File[]> {
  // Entries and files must be taken synchronously: the DataTransfer empties after the event.
  const items = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  if (items.length === 0) return Array.from(transfer.files);
  const out: File[] = [];
  for (const { entry, file } of items) {
    if (entry?.isDirectory) await filesOfEntry(entry, out);
    else if (file) out.push(file);
  }
  return out;
}
