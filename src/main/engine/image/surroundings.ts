// What lies around the writing in a photo: the desk beside the page, the edge of a notebook, a
// finger. After the background is removed it looks like ink: a large solid region running along the
// picture's edge, and the crop to the ink would take it in (a "2" on a page with the desk at its
// right read as a confident 4). Found after background removal, not before: a shadow across the
// page is as solid and as dark as a desk but is levelled by the background estimate. Writing touches the picture's edge at most briefly; a region that
// runs along a quarter of one side and is solid — it fills nearly half its bounding box or more (a
// stripe, a corner wedge), or it is broader than any pen stroke (an L of desk around a page's
// corner) — is surroundings and is removed, with its soft edge, before the ink is read. Not
// handled: a page turned on a desk that shows at two sides; the background estimate leaves only
// thin ridges along the page's edges there, which neither run along a side nor are solid.
import { connectedComponents, growMask, otsuThreshold, poolDown, type Component } from './pixels';

/** A region touching one side over at least this share of it runs along the edge… */
const MIN_EDGE_CONTACT = 0.25;
/** …and fills at least this share of its bounding box (a corner wedge fills half). */
const MIN_FILL = 0.45;
/** …or is at least this broad (2·area / boundary edges) for the picture's shorter side (a marker: ≤ 7%, 8–9% pooled). */
const MIN_BREADTH = 0.1;
/** Regions are looked for on a copy at most this many pixels a side. */
const FIND_SIDE = 128;

/** Longest run of `id` along any one side of the picture, as a share of that side. */
function edgeContact(labels: Int32Array, id: number, width: number, height: number): number {
  let [top, bottom, left, right] = [0, 0, 0, 0];
  for (let x = 0; x < width; x++) {
    if (labels[x] === id) top++;
    if (labels[(height - 1) * width + x] === id) bottom++;
  }
  for (let y = 0; y < height; y++) {
    if (labels[y * width] === id) left++;
    if (labels[y * width + width - 1] === id) right++;
  }
  return Math.max(top / width, bottom / width, left / height, right / height);
}

/** Boundary edges (4-neighbours outside the region or the picture) of every region, by label. */
function boundaryEdges(labels: Int32Array, count: number, width: number, height: number): Int32Array {
  const edges = new Int32Array(count + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const id = labels[y * width + x]!;
      if (!id) continue;
      if (x === 0 || labels[y * width + x - 1] !== id) edges[id]! += 1;
      if (x === width - 1 || labels[y * width + x + 1] !== id) edges[id]! += 1;
      if (y === 0 || labels[(y - 1) * width + x] !== id) edges[id]! += 1;
      if (y === height - 1 || labels[(y + 1) * width + x] !== id) edges[id]! += 1;
    }
  }
  return edges;
}

function isSurroundings(c: Component, contact: number, edges: number, shortSide: number): boolean {
  const boxArea = (c.right - c.left + 1) * (c.bottom - c.top + 1);
  const solid = c.area >= MIN_FILL * boxArea || (2 * c.area) / edges >= MIN_BREADTH * shortSide;
  return contact >= MIN_EDGE_CONTACT && solid;
}

/**
 * `values` (ink > 0 on a zero background) without the regions around the writing. The regions are
 * found on a max-pooled copy (≤ FIND_SIDE pixels a side) and removed with one pooled pixel to spare.
 */
export function dropSurroundings(values: Float32Array, width: number, height: number): Float32Array {
  const { image: pooled, block } = poolDown({ width, height, data: values }, FIND_SIDE, 'max');
  const [w, h] = [pooled.width, pooled.height];
  const threshold = otsuThreshold(pooled.data);
  // Plain loops, not typed-array `from` with a map function (the iterator protocol, per pixel).
  const mask = new Uint8Array(pooled.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = pooled.data[i]! >= threshold && pooled.data[i]! > 0 ? 1 : 0;
  const { labels, components } = connectedComponents(mask, w, h);
  const edges = boundaryEdges(labels, components.length, w, h);
  const drop = new Uint8Array(components.length + 1);
  let any = false;
  components.forEach((c, i) => {
    const contact = edgeContact(labels, i + 1, w, h);
    if (isSurroundings(c, contact, edges[i + 1]!, Math.min(w, h))) [drop[i + 1], any] = [1, true];
  });
  if (!any) return values;
  const dropping = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) dropping[i] = drop[labels[i]!]!;
  const dropped = growMask(dropping, w, h);
  const out = values.slice();
  for (let y = 0; y < height; y++) {
    const row = ((y / block) | 0) * w;
    for (let x = 0; x < width; x++) if (dropped[row + ((x / block) | 0)]) out[y * width + x] = 0;
  }
  return out;
}
