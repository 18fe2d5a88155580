"""Stochastic detail for the default-model dataset: what no avatar attribute determines.

add_detail(rgb, mask, index) takes one plain avatar (uint8 [64, 64, 3]) and its region coverage (uint8 [64, 64, 5]:
hair, facialHair, hat, skin, clothes, as render.mjs writes them) and returns the final image (uint8 [64, 64, 3]):
  - hair and facial hair: many thin strands (quadratic curves about 0.6 px wide) in the hair's own colour, each
    lighter or darker by its own random amount, combed from a random crown point with random jitter and bend;
  - skin: freckles (small brown dots, mostly on the cheeks and nose) and per-pixel pore grain;
  - clothes and hats: a plain fabric weave of random period, angle and phase, each thread with its own shade.
Every random choice comes from numpy's PCG64 seeded with (DETAIL_SEED, index), so image `index` is the same on
every run; nothing here depends on the avatar's attributes except through the region coverage.
Detail is drawn on a 4x supersampled grid and box-filtered down, then applied only where its region's coverage is.
"""
import numpy as np

DETAIL_SEED = 20251129
RES = 64
SS = 4  # supersampling factor of the detail layers
HAIR, FACIAL_HAIR, HAT, SKIN, CLOTHES = range(5)
_YY, _XX = np.mgrid[0:RES, 0:RES] + 0.5
FACE_WEIGHT = np.exp(-0.5 * (((_XX - 32) / 8.0) ** 2 + ((_YY - 31) / 5.5) ** 2))  # cheeks and nose of every avatar
_SS_COORDS = ((np.arange(RES * SS) + 0.5) / SS).astype(np.float32)


def shade(base, s):
    """Lightens (s > 0, toward white) or darkens (s < 0, toward black) float colours `base` [...,3] by |s| <= 1."""
    s = s[..., None]
    return np.where(s > 0, base + s * (255.0 - base), base * (1.0 + s))


def box_down(layer):
    """[RES*SS, RES*SS] -> [RES, RES] by averaging each SS x SS block."""
    return layer.reshape(RES, SS, RES, SS).mean(axis=(1, 3))


def sample_points(rng, weight, count):
    """`count` random (x, y) points in 64-px units, distributed like the non-negative [64, 64] `weight`."""
    flat = weight.ravel().astype(np.float64)
    idx = rng.choice(flat.size, size=count, p=flat / flat.sum())
    y, x = np.divmod(idx, RES)
    return np.stack([x + rng.random(count), y + rng.random(count)], axis=1)


def splat(points, values, size):
    """Nearest-cell splat of `values` at float (x, y) `points` (supersampled pixel units) onto a [size, size] grid.
    Returns (sum of values, number of points) per cell."""
    xi, yi = np.floor(points[:, 0]).astype(np.int64), np.floor(points[:, 1]).astype(np.int64)
    ok = (xi >= 0) & (xi < size) & (yi >= 0) & (yi < size)
    flat = yi[ok] * size + xi[ok]
    acc = np.bincount(flat, weights=values[ok], minlength=size * size)
    hits = np.bincount(flat, minlength=size * size)
    return acc.reshape(size, size), hits.reshape(size, size)


def strand_layer(rng, region, crown, length_range, density, jitter):
    """Signed brightness in [-1, 1] per 64-px pixel from random strands starting inside `region` (coverage 0..1).
    Each strand runs away from `crown` (x, y), turned by up to +-`jitter` rad, with a random bend."""
    area = region.sum()
    count = int(rng.poisson(density * area)) if area > 0.5 else 0
    if count == 0:
        return np.zeros((RES, RES))
    start = sample_points(rng, region, count)
    away = start - np.asarray(crown)
    angle = np.arctan2(away[:, 1], away[:, 0]) + rng.uniform(-jitter, jitter, count)
    direction = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    normal = direction[:, ::-1] * np.array([-1.0, 1.0])
    length = rng.uniform(*length_range, count)
    bend = rng.normal(0.0, 0.15, count) * length
    brightness = rng.uniform(-1.0, 1.0, count)
    steps = int(1.5 * SS * length_range[1])  # samples per strand: dense enough to leave no gaps
    t = np.linspace(0.0, 1.0, steps)[None, :, None]
    end = start + direction * length[:, None]
    ctrl = (start + end) / 2 + normal * bend[:, None]
    curve = (1 - t) ** 2 * start[:, None] + 2 * (1 - t) * t * ctrl[:, None] + t**2 * end[:, None]
    points, values = [], []
    for offset in (-0.12, 0.0, 0.12):  # three parallel passes: a strand about 0.6 px wide at 64 px
        points.append((curve + normal[:, None] * offset).reshape(-1, 2) * SS)
        values.append(np.repeat(brightness, steps))
    acc, hits = splat(np.concatenate(points), np.concatenate(values), RES * SS)
    # Where strands overlap, their brightnesses average.
    return box_down(acc / np.maximum(hits, 1))


def weave_layer(rng):
    """Signed brightness in [-1, 1] per 64-px pixel: a plain weave of random period, angle, phase and thread shades."""
    period = rng.uniform(2.2, 3.4)  # 64-px units
    angle = rng.uniform(-0.5, 0.5)
    c, s = np.float32(np.cos(angle) / period), np.float32(np.sin(angle) / period)
    x, y = _SS_COORDS[None, :], _SS_COORDS[:, None]
    u = c * x + s * y + np.float32(rng.random())
    v = c * y - s * x + np.float32(rng.random())
    iu, iv = np.floor(u).astype(np.int64), np.floor(v).astype(np.int64)
    n_threads = 2 * RES
    warp_shade = rng.normal(0.0, 0.35, n_threads)
    weft_shade = rng.normal(0.0, 0.35, n_threads)
    warp_on_top = (iu + iv) % 2 == 0
    # Bright along a thread's middle, dark at its edges, plus the thread's own shade.
    profile = np.sin(np.float32(np.pi) * np.where(warp_on_top, v - iv, u - iu)) - np.float32(0.6)
    layer = profile + np.where(warp_on_top, warp_shade[iv % n_threads], weft_shade[iu % n_threads]).astype(np.float32)
    return np.clip(box_down(layer), -1.0, 1.0)


def freckle_layer(rng, skin):
    """Darkening amount in [0, 1] per 64-px pixel: round freckles, most of them around the cheeks and nose."""
    weight = skin * (0.08 + FACE_WEIGHT)
    count = int(rng.integers(8, 45))
    if weight.sum() <= 0:
        return np.zeros((RES, RES))
    centres = sample_points(rng, weight, count)
    radius = rng.uniform(0.3, 0.65, count)
    strength = rng.uniform(0.5, 1.0, count)
    # Each freckle touches the 4 x 4 pixels around it; a pixel's share is its approximate disc coverage.
    px = np.floor(centres[:, 0:1]) + np.arange(-1, 3)[None, :]  # [count, 4]
    py = np.floor(centres[:, 1:2]) + np.arange(-1, 3)[None, :]
    dist = np.sqrt((px[:, None, :] + 0.5 - centres[:, 0, None, None]) ** 2
                   + (py[:, :, None] + 0.5 - centres[:, 1, None, None]) ** 2)  # [count, 4 (y), 4 (x)]
    share = np.clip(radius[:, None, None] + 0.5 - dist, 0.0, 1.0) * np.minimum(radius * radius * np.pi, 1.0)[:, None, None]
    xs = np.broadcast_to(px[:, None, :], dist.shape).astype(np.int64)
    ys = np.broadcast_to(py[:, :, None], dist.shape).astype(np.int64)
    ok = (xs >= 0) & (xs < RES) & (ys >= 0) & (ys < RES)
    layer = np.zeros(RES * RES)
    np.maximum.at(layer, ys[ok] * RES + xs[ok], (share * strength[:, None, None])[ok])
    return layer.reshape(RES, RES)


def add_detail(rgb, mask, index):
    """The final image (uint8 [64, 64, 3]) for plain avatar `rgb` with region coverage `mask` (see module doc)."""
    rng = np.random.default_rng([DETAIL_SEED, int(index)])
    cov = mask.astype(np.float64) / 255.0
    out = rgb.astype(np.float64)

    fabric = np.maximum(cov[..., CLOTHES], cov[..., HAT])
    out = shade(out, fabric * rng.uniform(0.1, 0.18) * weave_layer(rng))

    skin = cov[..., SKIN]
    freckles = freckle_layer(rng, skin) * rng.uniform(0.25, 0.42) * skin
    tint = np.array([0.85, 1.0, 1.15])  # freckles are browner than the skin: blue darkens most
    out = out * (1.0 - freckles[..., None] * tint)
    out = shade(out, skin * np.clip(rng.normal(0.0, 0.035, (RES, RES)), -0.1, 0.1))  # pores

    crown = (32.0 + rng.uniform(-4, 4), rng.uniform(2.0, 9.0))
    hair = strand_layer(rng, cov[..., HAIR], crown, (4.0, 12.0), rng.uniform(0.25, 0.4), 0.25)
    out = shade(out, cov[..., HAIR] * rng.uniform(0.45, 0.7) * hair)
    chin = (32.0 + rng.uniform(-2, 2), rng.uniform(24.0, 30.0))
    beard = strand_layer(rng, cov[..., FACIAL_HAIR], chin, (2.0, 5.0), rng.uniform(0.4, 0.6), 0.3)
    out = shade(out, cov[..., FACIAL_HAIR] * rng.uniform(0.45, 0.7) * beard)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)
