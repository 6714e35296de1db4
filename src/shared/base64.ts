// Base64 for the contract's byte payloads, in any of the app's processes (browser and Node alike).

/** Raw bytes of a base64 string, in their own ArrayBuffer (offset 0, so typed views fit). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
