// Options and helpers shared by the stylemix subcommands. Torch-free except
// where marked "render side only" (defined in cli_engine.cpp, which only
// libstylemix_cli_render.so links).
#pragma once

#include "model/core/install_paths.h"
#include "model/core/recipe.h"
#include "model/core/source_list.h"
#include "model/engine/engine.h"
#include "model/io/atomic_file.h"
#include "model/io/image_io.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace stylemix::cli {

// --model, --device, --precision
struct ModelOptions {
    std::string model = defaultModelPath();
    std::string device = "auto";
    std::string precision = "fp32";
    void add(CLI::App& cmd);
    // Loads the model; says on stderr what was done instead of what was asked
    // (fp16 on the CPU, a pickle without G_ema). Render side only (cli_engine.cpp).
    std::unique_ptr<Engine> load() const;
};

// --trunc, --trunc-cutoff, --noise-mode, --noise-seed, --noise-strength, --class,
// --translate, --rotate. Numbers are kept as text and parsed strictly: CLI11 would wrap "-1" into 2^64-1.
struct RenderOptions {
    double psi = 1.0;
    std::string cutoff;          // empty = all ws
    std::string noise_mode = "const";
    std::string noise_seed = "0";
    std::string noise_strength;  // comma-separated per-layer multipliers
    std::string class_index;     // empty = unconditional
    std::string translate;        // "X,Y"
    double rotate = 0;            // degrees
    CLI::Option* rotate_option = nullptr;
    void add(CLI::App& cmd, const std::string& default_noise_mode = "const");
    Truncation truncation() const;
    // Set when --translate or --rotate was given (gen_images.py's convention).
    OptionalTransform transform() const;
    NoiseSpec noise(const ModelFacts& facts) const;
    // The class for the model: refused on an unconditional model or past c_dim.
    int classFor(const ModelFacts& facts) const;
};

// A decimal integer in [0, max] with nothing else around it; throws naming `what`.
std::uint64_t parseUnsigned(const std::string& text, const std::string& what, std::uint64_t max);

// An output file's name must end in `suffix` (".png", ".npy"; any case): what is written is that format,
// so "-o map.jpg" is refused before any work rather than given PNG bytes. Throws naming `flag` and the path.
void checkOutputSuffix(const std::string& path, const std::string& suffix, const std::string& flag);

// Source lists (--seeds, --rows, --cols, --seed, --from, --to): seeds, ranges,
// positions X:Y and W files (source_list.h). Parsed, W files read, before the
// model loads; fitted to the model after (W files checked against its shape).
std::vector<SourceListItem> sourceItems(const std::string& spec, const std::string& what);
std::vector<Source> sourcesFor(const std::vector<SourceListItem>& items, const ModelFacts& facts, int class_index);
// Exactly one source (noise --seed, interpolate --from/--to); a W file of several ws needs FILE[i].
Source oneSource(const std::vector<SourceListItem>& items, const std::string& spec, const std::string& what, const ModelFacts& facts, int class_index);
// A file-name stem: "85", "12.25_0.5", "face" or "face-02" (the file's stem and the w's index when it holds several).
std::string sourceStem(const Source& source);
// --save-ws FILE.npz: the ws each source rendered from, in order, as NVIDIA's
// projector saves them. `as_grid`: the grid's truncation (style_mixing.py's),
// else gen_images.py's. Render side only (cli_engine.cpp).
void saveWs(const std::string& path, Engine& engine, const std::vector<Source>& sources, const Truncation& truncation, bool as_grid);
std::vector<int> stylesFromSpec(const std::string& spec, const std::string& what, int num_ws);

// A recipe naming the loaded model (path, family, SHA-256, learned strengths). Render side only.
Recipe recipeFor(const Engine& engine, RecipeKind kind);
// Adds `name` (a .png) to `out`, with the recipe in a tEXt chunk and beside it as .json unless `recipe` is null.
void addFigure(OutputSet& out, const std::string& name, const Image& image, const Recipe* recipe);
std::string recipeJsonName(const std::string& png_name);

// Progress on stderr when it is a terminal: "label  120/2000  51.2/s  0:36 left".
class ProgressLine {
public:
    ProgressLine(std::string label, std::int64_t total);
    ~ProgressLine();
    void update(std::int64_t done);
    ProgressHooks hooks();   // reports fractions of `total`

private:
    std::string label_;
    std::int64_t total_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_, last_;
    bool drawn_ = false;
};

}  // namespace stylemix::cli
