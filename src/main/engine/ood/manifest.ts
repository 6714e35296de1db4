// What resources/ood/manifest.json holds: the shipped out-of-distribution sets and where they came from.
import { z } from 'zod';

export const OodSetEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  description: z.string(),
  /** Gzipped IDX3 file of count × 28 × 28 unsigned bytes, light on dark. */
  images: z.string(),
  /** Gzipped IDX1 file of count labels indexing labelNames. */
  labels: z.string(),
  labelNames: z.array(z.string()),
  count: z.number().int().positive(),
  /** SHA-256 (hex) of the decompressed images file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type OodSetEntry = z.infer<typeof OodSetEntrySchema>;

export const OodManifestSchema = z.object({
  version: z.literal(1),
  generatedBy: z.string(),
  sets: z.array(OodSetEntrySchema),
  fonts: z.array(
    z.object({ font: z.string(), debianPackage: z.string(), licence: z.string(), style: z.string() }),
  ),
});
export type OodManifest = z.infer<typeof OodManifestSchema>;
