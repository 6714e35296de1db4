// A sheet of paper photographed on a darker surface (a note on a desk). The frame of such a picture
// is dark, so on its own it reads as light ink on a dark background, and the sheet itself becomes
// the "ink": every digit came out as a solid blob read as 8, and accepted. When the picture holds
// one large, solid, light region, that region is the sheet: the picture is cropped to it and the
// surface around it (in the crop's corners when the sheet is turned) is painted the sheet's colour,
// so that dark ink on light paper is read as usual.
import {
  connectedComponents,
  growMask,
  otsuThreshold,
  poolDown,
  quantile,
  type Component,
  type FloatImage,
} from './pixels';

/** Sheets are looked for on a copy at most this many pixels a side. */
const FIND_SIDE = 160;
/** A sheet covers at least this share of the picture… */
const MIN_SHEET_AREA = 0.2;
/** …and at least this share of its bounding box (a rectangle turned by 30° still fills 0.6)… */
const MIN_SHEET_FILL = 0.6;
/** …it encloses some ink, at most this share of it (3–7% for a digit on a note; a bold D's or B's counters are more)… */
const INK_SHARE: readonly [number, number] = [0.005, 0.15];
/** …the ink keeps this share of the sheet's size away from its edges (a bag's handle does not)… */
const MIN_MARGIN = 0.1;
/** …and with its ink it is convex like a sheet (a bold E, P or a fills much less of its convex hull). */
const MIN_SOLIDITY = 0.97;

export interface Sheet {
  image: FloatImage;
  /** Where the crop starts in the picture. */
  left: number;
  top: number;
  /** Pixels around the sheet painted its colour (0: nothing but the sheet and its ink). */
  painted: number;
}

function largest(components: Component[]): { component: Component; id: number } | null {
  let best: { component: Component; id: number } | null = null;
  components.forEach((component, i) => {
    if (!best || component.area > best.component.area) best = { component, id: i + 1 };
  });
  return best;
}

/** Marks the pixels outside the sheet that the crop's border reaches without crossing the sheet. */
function surfaceFromBorder(isSheet: Uint8Array, width: number, height: number): Uint8Array {
  const surface = new Uint8Array(width * height);
  const stack: number[] = [];
  const visit = (p: number): void => {
    if (!isSheet[p] && !surface[p]) {
      surface[p] = 1;
      stack.push(p);
    }
  };
  for (let x = 0; x < width; x++) {
    visit(x);
    visit((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    visit(y * width);
    visit(y * width + width - 1);
  }
  while (stack.length) {
    const p = stack.pop()!;
    const x = p % width;
    if (x > 0) visit(p - 1);
    if (x < width - 1) visit(p + 1);
    if (p >= width) visit(p - width);
    if (p < (height - 1) * width) visit(p + width);
  }
  return surface;
}

/**
 * What the sheet encloses: the dark pixels (ink) with their least distance to the crop's edge, and
 * every enclosed pixel (ink and the paper inside a 0, 6, 8 or 9, which is sheet too). `faint` marks
 * sheet pixels that are ink too.
 */
function enclosed(
  surface: Uint8Array,
  isSheet: Uint8Array,
  isLight: Uint8Array,
  width: number,
  height: number,
  faint?: Uint8Array,
): { ink: number; all: number; margin: number } {
  let [ink, all, margin] = [0, 0, Infinity];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (surface[i] || (isSheet[i] && !faint?.[i])) continue;
      if (!isSheet[i]) all++;
      if (isLight[i] && !faint?.[i]) continue;
      ink++;
      margin = Math.min(margin, x, y, width - 1 - x, height - 1 - y);
    }
  }
  return { ink, all, margin };
}

/** Half-width of the window in which a faint stroke has paper on some side (pooled pixels). */
const FAINT_REACH = 2;

/**
 * Thin strokes of a light (grey) pen: averaged with the paper around them on the pooled copy, they
 * stay lighter than the threshold that tells the sheet from the desk, so they are part of the sheet.
 * They are its pixels darker than the paper by a quarter of the paper's distance to that threshold,
 * with paper (within an eighth of it) within FAINT_REACH of them and the surface around the sheet
 * not: a narrow mark, not the slope of a shadow nor the sheet's own blurred edge.
 */
function faintStrokes(
  values: Float32Array,
  isSheet: Uint8Array,
  surface: Uint8Array,
  { width, height, threshold }: { width: number; height: number; threshold: number },
): Uint8Array {
  const paper = quantile(
    values.filter((_, i) => isSheet[i]),
    0.5,
  );
  const [dark, light] = [paper - (paper - threshold) / 4, paper - (paper - threshold) / 8];
  const out = new Uint8Array(values.length);
  for (let y = FAINT_REACH; y < height - FAINT_REACH; y++) {
    for (let x = FAINT_REACH; x < width - FAINT_REACH; x++) {
      const i = y * width + x;
      if (!isSheet[i] || !(values[i]! < dark)) continue;
      let [paperNear, surfaceNear] = [false, false];
      for (let dy = -FAINT_REACH; dy <= FAINT_REACH; dy++) {
        for (let dx = -FAINT_REACH; dx <= FAINT_REACH; dx++) {
          const j = i + dy * width + dx;
          surfaceNear ||= surface[j] === 1;
          paperNear ||= isSheet[j] === 1 && values[j]! >= light;
        }
      }
      out[i] = paperNear && !surfaceNear ? 1 : 0;
    }
  }
  return out;
}

/** Cross product of (b − a) and (c − a). */
function cross(a: [number, number], b: [number, number], c: [number, number]): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Area of the convex hull of the pixels not on the surface (each pixel a unit square). */
export function hullArea(surface: Uint8Array, width: number, height: number): number {
  const points: [number, number][] = [];
  for (let y = 0; y < height; y++) {
    let [lo, hi] = [-1, -1];
    for (let x = 0; x < width; x++) if (!surface[y * width + x]) [lo, hi] = [lo < 0 ? x : lo, x];
    if (lo >= 0) points.push([lo, y], [lo, y + 1], [hi + 1, y], [hi + 1, y + 1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  // Andrew's monotone chain: lower then upper hull.
  const hull: [number, number][] = [];
  for (const pass of [points, [...points].reverse()]) {
    const start = hull.length;
    for (const p of pass) {
      while (hull.length >= start + 2 && cross(hull.at(-2)!, hull.at(-1)!, p) <= 0) hull.pop();
      hull.push(p);
    }
    hull.pop();
  }
  let twice = 0;
  hull.forEach((p, i) => {
    const q = hull[(i + 1) % hull.length]!;
    twice += p[0] * q[1] - q[0] * p[1];
  });
  return Math.abs(twice) / 2;
}

interface Found {
  /** The sheet's bounding box on the pooled copy. */
  left: number;
  top: number;
  width: number;
  height: number;
  isSheet: Uint8Array;
  surface: Uint8Array;
}

/** The sheet on a (pooled) picture, with its masks over its bounding box, or null. */
function findSheet(picture: FloatImage): Found | null {
  const { width, height, data } = picture;
  const threshold = otsuThreshold(data);
  const mask = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) mask[i] = data[i]! > threshold ? 1 : 0;
  const { labels, components } = connectedComponents(mask, width, height);
  const found = largest(components);
  if (!found) return null;
  const { component: c, id } = found;
  const [w, h] = [c.right - c.left + 1, c.bottom - c.top + 1];
  if (c.area < MIN_SHEET_AREA * width * height || c.area < MIN_SHEET_FILL * w * h) return null;
  const isSheet = new Uint8Array(w * h);
  const isLight = new Uint8Array(w * h);
  const values = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (c.top + y) * width + c.left + x;
      isSheet[y * w + x] = labels[p] === id ? 1 : 0;
      isLight[y * w + x] = mask[p]!;
      values[y * w + x] = data[p]!;
    }
  }
  const surface = surfaceFromBorder(isSheet, w, h);
  let ink = enclosed(surface, isSheet, isLight, w, h);
  // Too little dark ink: a grey pen's strokes may have merged into the sheet on the pooled copy.
  if (ink.ink < INK_SHARE[0] * (c.area + ink.all))
    ink = enclosed(
      surface,
      isSheet,
      isLight,
      w,
      h,
      faintStrokes(values, isSheet, surface, { width: w, height: h, threshold }),
    );
  const filled = c.area + ink.all;
  if (ink.ink < INK_SHARE[0] * filled || ink.ink > INK_SHARE[1] * filled) return null;
  if (ink.margin < MIN_MARGIN * Math.max(w, h)) return null;
  if (filled < MIN_SOLIDITY * hullArea(surface, w, h)) return null;
  return { left: c.left, top: c.top, width: w, height: h, isSheet, surface };
}

/**
 * The sheet of paper in a picture, cropped and isolated, or null when there is none. Found on a
 * block-averaged copy (≤ FIND_SIDE pixels a side: fast, and paper grain averages out), then cut
 * from the picture, the surroundings painted with one pooled pixel to spare over the edge.
 */
export function isolateSheet(picture: FloatImage): Sheet | null {
  const { image: pooled, block } = poolDown(picture, FIND_SIDE, 'mean');
  const found = findSheet(pooled);
  if (!found) return null;
  const surface = growMask(found.surface, found.width, found.height);
  const [left, top] = [found.left * block, found.top * block];
  const w = Math.min(picture.width, (found.left + found.width) * block) - left;
  const h = Math.min(picture.height, (found.top + found.height) * block) - top;
  const crop = new Float32Array(w * h);
  // The pooled cell of each column and row, looked up rather than divided per pixel.
  const [cellX, cellRow] = [new Int32Array(w), new Int32Array(h)];
  for (let x = 0; x < w; x++) cellX[x] = (x / block) | 0;
  for (let y = 0; y < h; y++) cellRow[y] = ((y / block) | 0) * found.width;
  const sheetValues: number[] = [];
  for (let y = 0; y < h; y++) {
    const from = (top + y) * picture.width + left;
    crop.set(picture.data.subarray(from, from + w), y * w);
    // Every 7th pixel is plenty for the paper's median level, and keeps the sort cheap.
    for (let x = (7 - ((y * w) % 7)) % 7; x < w; x += 7) {
      const cell = cellRow[y]! + cellX[x]!;
      if (found.isSheet[cell] && !surface[cell]) sheetValues.push(crop[y * w + x]!);
    }
  }
  const paper = quantile(Float32Array.from(sheetValues), 0.5);
  // Painted a pooled cell's run of pixels at a time: the block's columns of one row.
  let painted = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x += block) {
      if (!surface[cellRow[y]! + cellX[x]!]) continue;
      const end = Math.min(w, x + block);
      crop.fill(paper, y * w + x, y * w + end);
      painted += end - x;
    }
  }
  return { image: { width: w, height: h, data: crop }, left, top, painted };
}
