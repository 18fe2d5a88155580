// Plain request/result structs shared by the engine, the render worker, the
// CLI and the GUI. Torch-free and GL-free: this header is the boundary.
#pragma once

#include "model/core/model_description.h"
#include "model/core/image.h"
#include "model/core/input_transform.h"
#include "model/core/noise_spec.h"
#include "model/core/source.h"   // Source: a seed, a latent position or a W array

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stylemix {

enum class DeviceChoice { Auto, CPU, CUDA };
const char* deviceChoiceName(DeviceChoice d);
DeviceChoice parseDeviceChoice(const std::string& text);   // "auto" | "cpu" | "cuda"

enum class PrecisionChoice { FP32, FP16Mixed, BF16Mixed };
const char* precisionChoiceName(PrecisionChoice p);
PrecisionChoice parsePrecisionChoice(const std::string& text);   // "fp32" | "fp16" | "bf16"

// Everything the UI may show about a loaded model (the family's description
// plus where and how it runs); never asks the model again.
struct ModelFacts : ModelDescription {
    std::string path;
    std::string sha256;             // of the weights file, for recipes
    std::string device;             // "cpu", "cuda:0 (NVIDIA H100)"
    std::string precision;          // "fp32", ...
};

// Truncation psi must satisfy |psi| < kMaxAbsPsi (CLI, recipes and the explorer).
constexpr double kMaxAbsPsi = 100.0;

struct Truncation {
    double psi = 1.0;
    int cutoff = -1;   // -1 = all ws
    bool operator==(const Truncation& o) const { return psi == o.psi && cutoff == o.cutoff; }
    bool operator!=(const Truncation& o) const { return !(*this == o); }
};

// gen_images.py: one image per source.
struct GenerateRequest {
    std::vector<Source> sources;
    Truncation truncation;
    NoiseSpec noise;
    OptionalTransform transform;
};

// A strip of frames from one source to another. Space Z: slerp between the
// two latents z (seed sources, or integer positions, which are seeds), each
// frame mapped and truncated as a seed is; the classes' one-hot labels blend
// linearly. Space W: lerp between the two sources' ws (any kinds, each as it
// renders alone). Frame i of n sits at t = i / (n - 1): frame 0 is `from`,
// frame n - 1 is `to`, exactly.
enum class InterpolationSpace { Z, W };
const char* interpolationSpaceName(InterpolationSpace s);          // "z" | "w"
InterpolationSpace parseInterpolationSpace(const std::string& text);   // throws naming the accepted values
constexpr int kMaxInterpolationSteps = 1000;

struct InterpolationRequest {
    Source from, to;
    int steps = 9;   // 2..kMaxInterpolationSteps
    InterpolationSpace space = InterpolationSpace::W;
    Truncation truncation;
    NoiseSpec noise;
    OptionalTransform transform;
    bool operator==(const InterpolationRequest& o) const {
        return from == o.from && to == o.to && steps == o.steps && space == o.space && truncation == o.truncation &&
               noise == o.noise && transform == o.transform;
    }
    bool operator!=(const InterpolationRequest& o) const { return !(*this == o); }
};

// Each frame's ws (a W array named "<from> → <to> t=0.25", usable as a source)
// and its image, in order.
struct InterpolationResult {
    std::vector<WArrayPtr> ws;
    std::vector<Image> images;
};

// style_mixing.py / the paper's Fig. 3: cell (r, c) = row source r's ws with
// the ws indices in `styles` (or `row_styles[r]` when given) taken from column
// source c.
struct MixRequest {
    std::vector<Source> rows;
    std::vector<Source> cols;
    std::vector<int> styles;                    // global ws indices taken from the column source
    std::vector<std::vector<int>> row_styles;   // per-row override; empty = use `styles`
    Truncation truncation;
    NoiseSpec noise;
    OptionalTransform transform;

    const std::vector<int>& stylesForRow(std::size_t r) const {
        return row_styles.empty() ? styles : row_styles.at(r);
    }
    bool operator==(const MixRequest& o) const {
        return rows == o.rows && cols == o.cols && styles == o.styles && row_styles == o.row_styles &&
               truncation == o.truncation && noise == o.noise && transform == o.transform;
    }
    bool operator!=(const MixRequest& o) const { return !(*this == o); }
};

struct StageTimings {
    double mapping_ms = 0;
    double sources_ms = 0;
    double cells_ms = 0;
    double total_ms = 0;
    int forward_passes = 0;     // synthesis calls made
    int cells_rendered = 0;     // cells computed (not copied from a source)
    std::int64_t image_layers = 0;   // synthesis layers run, summed over the images (prefix reuse shows here)
};

// A grid's tiles, shared with the engine's cache (a tile is never copied: a
// cache hit, or a cell equal to its source, hands out the same object).
// Engine::mix returns every tile. A worker's partial publish
// (WorkerResult::partial) carries only the tiles new since the previous
// publish of the same job, the others null; the final result carries all of
// them. So a consumer keeps what it has and
// replaces only the non-null tiles.
struct MixResult {
    std::vector<ImagePtr> row_images;                // source images down the left
    std::vector<ImagePtr> col_images;                // source images across the top
    std::vector<std::vector<ImagePtr>> cells;        // [row][col]
    StageTimings timings;
};

// A cell (or source) that just finished, for progressive display.
struct MixProgress {
    enum class Kind { RowSource, ColSource, Cell } kind = Kind::Cell;
    int row = -1;
    int col = -1;
    ImagePtr image;   // the tile itself (the object the final result and the cache hold)
    int done = 0;
    int total = 0;
};

// The image being studied in the noise lab: a plain source, or a mixing cell.
struct LabSubject {
    Source source;                  // row source (A)
    std::optional<Source> mix_with; // column source (B), if the subject is a mixing cell
    std::vector<int> styles;        // ws indices taken from B
    Truncation truncation;
    OptionalTransform transform;
    bool operator==(const LabSubject& o) const {
        return source == o.source && mix_with == o.mix_with && styles == o.styles && truncation == o.truncation &&
               transform == o.transform;
    }
    bool operator!=(const LabSubject& o) const { return !(*this == o); }
};

struct CropRect {
    int x = 0, y = 0, width = 0, height = 0;   // in image pixels
    bool operator==(const CropRect& o) const {
        return x == o.x && y == o.y && width == o.width && height == o.height;
    }
    bool operator!=(const CropRect& o) const { return !(*this == o); }
};

// Paper Fig. 4: K noise realisations of one fixed w, their per-pixel std-dev.
struct NoiseLabRequest {
    LabSubject subject;
    NoiseSpec noise;            // mode is forced to Random; multipliers apply; seed picks the realisations
    int samples = 16;           // K
    int keep_images = 8;        // how many realisations to return as images
    float stddev_gain = 4.0f;   // the std-dev map is shown multiplied by this
    bool operator==(const NoiseLabRequest& o) const {
        return subject == o.subject && noise == o.noise && samples == o.samples && keep_images == o.keep_images &&
               stddev_gain == o.stddev_gain;
    }
};

struct NoiseLabResult {
    std::vector<ImagePtr> realisations;   // the first keep_images realisations, full size RGB; a partial
                                          // result shares the ones done so far (the same objects each time)
    Image stddev;                      // grey, std-dev over K of the RGB-mean uint8 image, x gain, clamped
    std::vector<float> stddev_levels;  // the same std-dev unscaled, in uint8 levels, row-major H x W
    float max_stddev = 0;              // largest value of stddev_levels
    int samples = 0;                   // realisations the std-dev is over (K; fewer in a partial result)
    StageTimings timings;
};

// Paper Fig. 5: one image with noise in all / no / fine-only / coarse-only layers.
struct NoiseLayersResult {
    std::vector<std::string> labels;
    std::vector<Image> images;
};

}  // namespace stylemix
