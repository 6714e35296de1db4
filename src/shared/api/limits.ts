// Bounds on what one request may ask of the Node side, shared by the schemas, the contract's
// per-channel frame caps and the WebSocket client.
import { z } from 'zod';

/**
 * Most posterior samples a request may ask for. Scoring keeps every sample's probabilities
 * (S × N × 10 floats): for the 60,000 training digits that is 480 MB at 200 samples.
 */
export const MAX_SAMPLES = 200;
/** Posterior samples a model is calibrated with and, after a family's final fit, measured with. */
export const DEFAULT_SAMPLES = 100;
export const SampleCount = z.number().int().min(1).max(MAX_SAMPLES);

const KIB = 1024;
const MIB = 1024 * KIB;

/** Room for the JSON around a request's large strings (names, options, brackets). */
export const ENVELOPE_BYTES = 64 * KIB;

/** The frame cap of a request without file contents: ids, names, options, a few hundred indices. */
export const SMALL_REQUEST_BYTES = ENVELOPE_BYTES;

/** Largest posterior file an import takes (sent as bytes, not base64). */
export const MAX_POSTERIOR_BYTES = 525 * MIB;

/** Largest single image a check takes (25 MB), as base64. */
export const MAX_IMAGE_BASE64 = Math.ceil((25 * MIB * 4) / 3) + 4;

/**
 * A check request's cap: the renderer sends batches of at most 24 MB of images, or one image of up
 * to 25 MB, so two images at the largest size always fit.
 */
export const CHECK_REQUEST_BYTES = 2 * MAX_IMAGE_BASE64 + ENVELOPE_BYTES;

/** A new OOD set arrives in one request: up to 2000 images, 256 MB of base64 in all. */
export const OOD_SET_REQUEST_BYTES = 256 * MIB;
