// Renders DiceBear avataaars (seed "i" for i in [start, end)) at 64x64 and, for each, the soft coverage of the
// regions that later receive stochastic detail (add_detail.py): hair, facial hair, hat, skin, clothes.
//
//   node render.mjs START END OUT_PREFIX
//
// Writes OUT_PREFIX.rgb   uint8 [n, 64, 64, 3]  the plain avatar, opaque (row i-start = seed "i")
//        OUT_PREFIX.mask  uint8 [n, 64, 64, 5]  coverage 0..255 of hair, facialHair, hat, skin, clothes
//        OUT_PREFIX.json  one line per avatar: its DiceBear attributes (top, eyes, colours, ...)
//
// A region's coverage comes from a second render in which only that region's palette colour is replaced by a
// sentinel far from it: the change of each pixel, projected on (sentinel - colour), is the fraction of that pixel
// painted in the region's colour (shading overlays included). This needs one render per region but, unlike the
// difference of renders with and without the top, it still works where hair and skin or background share a colour.
// DiceBear's PRNG draws once per option whether the option's list has one entry or many, so a one-colour list
// keeps every other choice of the seed unchanged (checked below: pixels outside the changed colour stay equal).
import { createAvatar } from '@dicebear/core';
import { avataaars } from '@dicebear/collection';
import { Resvg } from '@resvg/resvg-js';
import { writeFileSync } from 'node:fs';

export const RES = 64;
export const BACKGROUNDS = ['b6e3f4', 'c0aede', 'd1d4f9', 'ffd5dc', 'ffdfbf', 'c1f4c5', 'f4e3b6', 'e0e0e0'];
// Region: [DiceBear colour option (also the attribute naming the picked colour), component the region needs].
export const REGIONS = [
  ['hairColor', 'top'], ['facialHairColor', 'facialHair'], ['hatColor', 'top'],
  ['skinColor', null], ['clothesColor', null],
];

/** Renders an SVG string to opaque 64x64 RGB (Uint8Array, 64*64*3), compositing leftovers on the corner colour. */
function rasterize(svg) {
  const img = new Resvg(svg, { fitTo: { mode: 'width', value: RES }, font: { loadSystemFonts: false } }).render();
  if (img.width !== RES || img.height !== RES) throw new Error(`got ${img.width}x${img.height}`);
  const p = img.pixels; // straight RGBA
  const bg = p[3] === 255 ? [p[0], p[1], p[2]] : [255, 255, 255];
  const rgb = new Uint8Array(RES * RES * 3);
  for (let k = 0, j = 0; k < RES * RES; k++, j += 4) {
    const a = p[j + 3];
    for (let c = 0; c < 3; c++) rgb[3 * k + c] = Math.round((p[j + c] * a + bg[c] * (255 - a)) / 255);
  }
  return rgb;
}

/** A colour at least 128 away from `hex` in every channel (hex strings without '#'). */
function sentinelFor(hex) {
  let out = '';
  for (let c = 0; c < 3; c++) out += parseInt(hex.slice(2 * c, 2 * c + 2), 16) < 128 ? 'ff' : '00';
  return out;
}

/** Coverage 0..255 per pixel of the colour `hex` in `base`, from the render `alt` where it became `sentinel`. */
function coverage(base, alt, hex, sentinel) {
  const d = [0, 1, 2].map((c) => parseInt(sentinel.slice(2 * c, 2 * c + 2), 16) - parseInt(hex.slice(2 * c, 2 * c + 2), 16));
  const norm2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  const cov = new Uint8Array(RES * RES);
  for (let k = 0; k < RES * RES; k++) {
    let dot = 0;
    for (let c = 0; c < 3; c++) dot += (alt[3 * k + c] - base[3 * k + c]) * d[c];
    cov[k] = Math.max(0, Math.min(255, Math.round((255 * dot) / norm2)));
  }
  return cov;
}

/** Renders seed `seed`: { rgb, mask (64*64*5, pixel-interleaved), attributes }. */
export function renderAvatar(seed) {
  const options = { seed, backgroundColor: BACKGROUNDS };
  const base = createAvatar(avataaars, options).toJson();
  const attributes = base.extra;
  const rgb = rasterize(base.svg);
  const mask = new Uint8Array(RES * RES * REGIONS.length);
  REGIONS.forEach(([option, component], r) => {
    const hex = (attributes[option] ?? '').replace('#', '');
    if (!/^[0-9a-f]{6}$/i.test(hex) || (component && !attributes[component])) return; // region absent
    const sentinel = sentinelFor(hex);
    const alt = rasterize(createAvatar(avataaars, { ...options, [option]: [sentinel] }).toString());
    const cov = coverage(rgb, alt, hex, sentinel);
    for (let k = 0; k < RES * RES; k++) mask[REGIONS.length * k + r] = cov[k];
  });
  return { rgb, mask, attributes };
}

function main() {
  const [start, end, prefix] = [parseInt(process.argv[2]), parseInt(process.argv[3]), process.argv[4]];
  const n = end - start;
  const rgbAll = Buffer.alloc(n * RES * RES * 3);
  const maskAll = Buffer.alloc(n * RES * RES * REGIONS.length);
  const lines = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const { rgb, mask, attributes } = renderAvatar(String(start + i));
    rgbAll.set(rgb, i * rgb.length);
    maskAll.set(mask, i * mask.length);
    lines.push(JSON.stringify({ index: start + i, ...attributes }));
  }
  writeFileSync(`${prefix}.rgb`, rgbAll);
  writeFileSync(`${prefix}.mask`, maskAll);
  writeFileSync(`${prefix}.json`, lines.join('\n') + '\n');
  const seconds = (Date.now() - t0) / 1000;
  console.log(JSON.stringify({ start, end, seconds, imagesPerSecond: n / seconds }));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
