// The stylemix subcommands: each one's options, how they are declared to
// CLI11 (torch-free: the front declares and parses every command without
// LibTorch) and how it runs. info and convert run in the front; generate, mix,
// noise and render run in libstylemix_cli_render.so (cli_front.h).
#pragma once

#include "app/cli_common.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace stylemix::cli {

struct GenerateOptions {
    ModelOptions model;
    RenderOptions render;
    std::string seeds, projected_w, outdir, save_ws;
    bool no_recipe = false;
};

struct MixOptions {
    ModelOptions model;
    RenderOptions render;
    std::string rows, cols, styles = "0-6", row_styles, outdir, save_ws;
    bool labels = false, no_recipe = false, paper_fig3 = false;
};

struct NoiseOptions {
    ModelOptions model;
    RenderOptions render;
    std::string seed;
    int samples = 100, keep = 8, zoom = 4;
    float gain = 4.0f;
    std::string crop, outdir;
    bool layers_figure = false, no_recipe = false;
    bool by_layer = false;   // --by-layer: the noise-by-layer strip to `output` instead (cli_noise_by_layer.cpp)
    std::string output;
};

struct InterpolateOptions {
    ModelOptions model;
    RenderOptions render;
    std::string from, to, space = "w", output, save_ws;
    int steps = 9;
    bool no_recipe = false;
};

struct RenderRecipeOptions {
    std::string recipe, output, model, device = "cpu";
    bool allow_other = false;
};

struct InfluenceOptions;   // cli_influence.h

struct LayersOptions;   // cli_layers.h

struct AnimateOptions;   // cli_animate.h

struct InfoOptions {
    ModelOptions model;
};

struct ConvertOptions {
    std::string input, output;
};

// Each adds its subcommand to `app`; the options are filled by app.parse().
std::shared_ptr<GenerateOptions> declareGenerate(CLI::App& app);
std::shared_ptr<MixOptions> declareMix(CLI::App& app);
std::shared_ptr<NoiseOptions> declareNoise(CLI::App& app);
std::shared_ptr<InterpolateOptions> declareInterpolate(CLI::App& app);
std::shared_ptr<RenderRecipeOptions> declareRender(CLI::App& app);
std::shared_ptr<InfoOptions> declareInfo(CLI::App& app);
std::shared_ptr<ConvertOptions> declareConvert(CLI::App& app);

// Torch-free: they read files only.
int runInfo(const InfoOptions& o);
int runConvert(const ConvertOptions& o);

// What a rendering command can refuse before its model is loaded (flag
// values); the front runs these before loading the render library.
// Each returns the source lists it parsed (W files read once), for the command to use.
struct ParsedSources {
    std::vector<SourceListItem> first;    // --seeds / --projected-w, --rows, noise --seed, --from
    std::vector<SourceListItem> second;   // --cols, --to
};
ParsedSources precheckGenerate(const GenerateOptions& o);
ParsedSources precheckMix(const MixOptions& o);
ParsedSources precheckNoise(const NoiseOptions& o);
ParsedSources precheckInterpolate(const InterpolateOptions& o);
// The recipe file (JSON or PNG) read and parsed, the output path checked: a bad
// recipe never waits for LibTorch. runCli runs it before `render` wherever it parses.
void precheckRenderRecipe(const RenderRecipeOptions& o);
// "X,Y,W,H": four decimal numbers, X,Y in 0..kMaxCropCoordinate, W,H in 1..kMaxCropCoordinate
// (--crop; a recipe's lab.crop has the same ranges).
constexpr std::uint64_t kMaxCropCoordinate = 1 << 20;
CropRect parseCrop(const std::string& text);

// The rendering commands: LibTorch, defined only in libstylemix_cli_render.so
// (cli_generate.cpp, cli_mix.cpp, cli_noise.cpp, cli_interpolate.cpp, cli_render.cpp).
int runGenerate(const GenerateOptions& o);
int runMix(const MixOptions& o);
int runNoise(const NoiseOptions& o);
int runNoiseByLayer(const NoiseOptions& o, const ParsedSources& parsed);   // runNoise with --by-layer
int runInterpolate(const InterpolateOptions& o);
int runRender(const RenderRecipeOptions& o);

// How runCli runs the rendering commands: the functions above in the render
// library; the front hands the command line to that library instead.
struct RenderRunners {
    std::function<int(const GenerateOptions&)> generate;
    std::function<int(const MixOptions&)> mix;
    std::function<int(const NoiseOptions&)> noise;
    std::function<int(const RenderRecipeOptions&)> render;
    std::function<int(const InterpolateOptions&)> interpolate;
    std::function<int(const InfluenceOptions&)> influence;
    std::function<int(const LayersOptions&)> layers;
    std::function<int(const AnimateOptions&)> animate;
};

// Exit codes (README "Reliability"): 0 done (help and version too), 1 an error
// while running (a bad value, file or model), 2 a command line that does not
// parse (unknown subcommand or flag, a missing or malformed flag value).
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

// The whole command line: declares every command, refuses an unknown one by
// name, parses (help, version and usage errors end here) and runs the chosen
// command, printing any error, usage errors included, as one escaped and
// bounded `stylemix: error:` line.
int runCli(int argc, char** argv, const RenderRunners& renderers);

}  // namespace stylemix::cli
