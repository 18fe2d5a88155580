// The docstrings of the module `stylemix` (help(stylemix), help(stylemix.Model)).
// They carry readable signatures of their own: module.cpp turns pybind11's off.
#pragma once

namespace stylemix::python::docs {

// The module's own (help(stylemix)).
inline constexpr const char* kModuleDoc =
    "StyleMix: style mixing with StyleGAN generators (StyleGAN1, 2 and 3) from Python.\n\n"
    "    import stylemix\n"
    "    m = stylemix.Model()                      # the bundled model\n"
    "    ws = m.mapping([1, 2], psi=0.7)           # float32 [N, num_ws, w_dim]\n"
    "    imgs = m.synthesis(ws)                    # uint8 [N, H, W, 3]\n"
    "    imgs = m.generate([1, 2])                 # uint8 [N, H, W, 3]\n"
    "    grid = m.mix(rows=[1, ws[0]], cols=[3, 4], styles=range(0, 4))\n\n"
    "See help(stylemix.Model).";

// The class stylemix.Model.
inline constexpr const char* kModelDoc = R"(A StyleGAN generator loaded by StyleMix's engine (the CLI's and the explorer's).

Seeds pick latents exactly as NVIDIA's scripts do (z = RandomState(seed).randn(z_dim)),
so results equal gen_images.py's and style_mixing.py's, and the `stylemix` CLI's.
Images are uint8 arrays [..., H, W, C] (C = 3 for RGB models), converted like
gen_images.py: (x * 127.5 + 128) clamped to [0, 255] and truncated.

Every render releases the GIL (other Python threads keep running) and stops with
KeyboardInterrupt on Ctrl-C. Calls on one Model run one at a time.

Errors: bad arguments raise ValueError (shapes, w_dim, num_ws, classes, styles,
ranges) or TypeError (wrong kinds of values); problems with the model file raise
OSError (FileNotFoundError when it does not exist), with the CLI's one-line message.

Common arguments:
  seeds: an int, a sequence of ints, or a spec string like the CLI's ("0-7,42");
         0 <= seed <= 4294967295.
  psi: truncation psi, |psi| < 100; 1 = none.
  cutoff: None (truncate every ws) or N: truncate only ws 0..N-1 (N <= num_ws).
  classes: for conditional models, the class index (0..c_dim-1); None for
         unconditional ones.
  noise_mode: "const" (each layer's stored noise, gen_images.py's default),
         "random" (Gaussian noise from noise_seed; every image of a call sees the
         same realisation) or "none".
  noise_seed: the random noise's seed, 0..2**63-1 (noise_mode="random" only).
  noise_strength: None (the learned strengths), a number multiplying every noise
         layer's learned strength, or one number per noise layer
         (len(info["noise_layers"])); 0 turns a layer off.
)";

// Model(...): loading.
inline constexpr const char* kInitDoc = R"(Model(path=None, device="auto", precision="fp32")

Loads a generator.

  path: a .safetensors file or an NVIDIA network pickle (.pkl: StyleGAN1, 2 and 3;
        G_ema is used), as str or os.PathLike. None: the bundled model
        (avatars64, StyleGAN2 64x64), found beside the installed module or in
        the source tree.
  device: "auto" (CUDA when available, else the CPU), "cpu" or "cuda".
  precision: "fp32", "fp16" or "bf16" (half precision in NVIDIA's top blocks;
        CUDA only, the CPU renders fp32).

Raises OSError (FileNotFoundError) naming the file when it cannot be read or is
not a valid model, ValueError for an unknown device or precision, RuntimeError
when device="cuda" but no CUDA device is available.)";

// Model.info.
inline constexpr const char* kInfoDoc = R"(What the model is, as a dict:
  family ("stylegan2", ...), family_label ("StyleGAN2"), resolution, img_channels,
  num_ws, w_dim, z_dim, c_dim (0 = unconditional),
  noise_layers: [{name, resolution, strength (learned)}, ...],
  noise_modes: the noise modes the model takes, has_input_transform,
  coarse / middle / fine: the model's own style bands as ranges (usable as styles=),
  ws: per ws index {label, resolution, layers},
  details: architecture facts (as `stylemix info` prints them), notes,
  path, sha256 (of the file), device ("cpu", "cuda:0"), precision.)";

// Model.mapping().
inline constexpr const char* kMappingDoc = R"(mapping(seeds, psi=1.0, cutoff=None, classes=None) -> float32 ndarray [N, num_ws, w_dim]

The ws of each seed, as gen_images.py computes them: z through the mapping
network, truncated towards the average w by psi (on the first `cutoff` ws when
given). Each seed is mapped alone, so its ws never depend on the other seeds.

  seeds: int, sequence of ints or spec string ("0-7").
  psi: truncation psi (|psi| < 100).
  cutoff: None, or truncate only ws 0..cutoff-1.
  classes: None (unconditional models), one int for every seed, or one int per
        seed (conditional models).)";

// Model.synthesis().
inline constexpr const char* kSynthesisDoc = R"(synthesis(ws, noise_mode="const", noise_seed=0, noise_strength=None) -> uint8 ndarray [N, H, W, C]

Images of given ws (from mapping(), a projector's projected_w.npz, edits...).

  ws: float array [N, num_ws, w_dim] (or one [num_ws, w_dim], giving N = 1);
      float64 is cast to float32; values must be finite.
  noise_mode: "const", "random" or "none".
  noise_seed: seed of the random noise (0..2**63-1).
  noise_strength: None, one multiplier for every noise layer, or one per layer.)";

// Model.generate().
inline constexpr const char* kGenerateDoc = R"(generate(seeds, psi=1.0, cutoff=None, classes=None, noise_mode="const", noise_seed=0, noise_strength=None) -> uint8 ndarray [N, H, W, C]

One image per seed, like gen_images.py and `stylemix generate` (the same
pixels as the CLI's seedNNNN.png files).

  seeds: int, sequence of ints or spec string ("0-7").
  psi, cutoff: truncation (see mapping()).
  classes: None, one int for every seed, or one per seed (conditional models).
  noise_mode, noise_seed, noise_strength: see synthesis().)";

// Model.mix().
inline constexpr const char* kMixDoc = R"(mix(rows, cols, styles=range(0, 7), psi=1.0, cutoff=None, classes=None, noise_mode="const", noise_seed=0, noise_strength=None, row_styles=None, labels=False) -> uint8 ndarray [H, W, C]

The style-mixing grid of style_mixing.py and `stylemix mix` (grid.png): the top-left
tile black, column sources across the top, row sources down the left, and cell
(r, c) rendered from row r's ws with the ws indices in `styles` taken from column c.
The array is (rows + 1) * H high and (cols + 1) * W wide.

  rows, cols: the sources: a seed spec string ("0-2"), an int, a sequence whose
        items are seeds (ints) or ws arrays [num_ws, w_dim] (e.g. a projected w:
        np.load("projected_w.npz")["w"][0]), or one float array [N, num_ws, w_dim].
        With seeds only, the grid is the CLI's grid.png pixel for pixel.
  styles: the ws indices each cell takes from its column: a range, a sequence of
        ints or a spec string ("0-3"); default 0-6 (style_mixing.py's default).
  psi, cutoff: truncation of every source, as style_mixing.py does it: each w
        moved towards the average w, w_avg + (w - w_avg) * psi, in plain float32
        (with a cutoff, only ws 0..cutoff-1; seeds then go through the mapping's
        own truncation). ws arrays are truncated too, so pass untruncated ones
        (mapping(seeds) at psi 1, a projected w): a row mapping([s])[0] renders
        exactly what the seed s renders, at any psi.
  classes: None, or one int for every seed (conditional models).
  noise_mode, noise_seed, noise_strength: see synthesis(); every image of the grid
        sees the same noise.
  row_styles: None, or one styles value per row (overrides styles), like the CLI's
        --row-styles (e.g. [range(0, 4), range(4, 8), range(8, 10)]).
  labels: True adds margins naming the seeds and styles (the CLI's --labels;
        seed rows and columns only).)";

}  // namespace stylemix::python::docs
