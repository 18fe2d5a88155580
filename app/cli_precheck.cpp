// What each rendering command can check before the model is loaded: the
// front runs these before it loads the render library (so a bad flag value
// never waits for LibTorch), and each command runs them again first.
#include "app/cli_commands.h"

#include "model/core/noise_by_layer_limits.h"
#include "model/io/atomic_file.h"
#include "model/io/message_text.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace stylemix::cli {
namespace {

void precheckRender(const RenderOptions& r) {
    r.truncation();
    r.transform();
    parseUnsigned(r.noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
}

}  // namespace

CropRect parseCrop(const std::string& text) {
    // Four plain decimal numbers, each range-checked as a whole: sscanf("%d") would wrap
    // 4294967296 to 0 and run with it.
    const auto refuse = [&](const std::string& why) {
        return std::invalid_argument("--crop " + quoteText(text) + " must be X,Y,W,H with X,Y in 0.." +
                                     std::to_string(kMaxCropCoordinate) + " and W,H in 1.." + std::to_string(kMaxCropCoordinate) +
                                     " (" + why + ")");
    };
    std::vector<int> v;
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t comma = i < 3 ? text.find(',', start) : text.size();
        if (comma == std::string::npos) throw refuse("expected four numbers");
        const std::string item = text.substr(start, comma - start);
        try {
            v.push_back(static_cast<int>(parseUnsigned(item, "item", kMaxCropCoordinate)));
        } catch (const std::invalid_argument&) {
            throw refuse("item " + std::to_string(i + 1) + " is " + quoteText(item));
        }
        start = comma + 1;
    }
    if (v[2] < 1 || v[3] < 1) throw refuse("a width or height of 0");
    return {v[0], v[1], v[2], v[3]};
}

ParsedSources precheckGenerate(const GenerateOptions& o) {
    if (o.seeds.empty() == o.projected_w.empty()) throw std::invalid_argument("generate needs --seeds or --projected-w");
    precheckRender(o.render);
    ParsedSources parsed;
    parsed.first = o.projected_w.empty() ? sourceItems(o.seeds, "--seeds") : sourceItems(o.projected_w, "--projected-w");
    if (!o.save_ws.empty()) checkOutputTarget(o.save_ws);
    return parsed;
}

ParsedSources precheckMix(const MixOptions& o) {
    if (!o.paper_fig3 && (o.rows.empty() || o.cols.empty()))
        throw std::invalid_argument("mix needs --rows and --cols (or --paper-fig3)");
    precheckRender(o.render);
    ParsedSources parsed;
    if (!o.paper_fig3) {
        parsed.first = sourceItems(o.rows, "--rows");
        parsed.second = sourceItems(o.cols, "--cols");
    }
    if (!o.save_ws.empty()) checkOutputTarget(o.save_ws);
    return parsed;
}

ParsedSources precheckInterpolate(const InterpolateOptions& o) {
    precheckRender(o.render);
    ParsedSources parsed{sourceItems(o.from, "--from"), sourceItems(o.to, "--to")};
    parseInterpolationSpace(o.space);
    checkOutputTarget(o.output);
    checkOutputSuffix(o.output, ".png", "-o");
    if (!o.save_ws.empty()) checkOutputTarget(o.save_ws);
    return parsed;
}

void precheckRenderRecipe(const RenderRecipeOptions& o) {
    checkOutputTarget(o.output);   // a device, FIFO or socket is refused before any work
    checkOutputSuffix(o.output, ".png", "-o");
    readRecipeFile(o.recipe);      // read and every field range-checked; the model-dependent checks follow the load
}

ParsedSources precheckNoise(const NoiseOptions& o) {
    if (!std::isfinite(o.gain) || !(o.gain > 0) || o.gain > 1000) {
        std::ostringstream v;
        v << o.gain;
        throw std::invalid_argument("--stddev-gain " + v.str() + " is out of range (expected a number in (0, 1000])");
    }
    precheckRender(o.render);
    if (o.by_layer && (o.samples < kMinNoiseByLayerSamples || o.samples > kMaxNoiseByLayerSamples))
        throw std::invalid_argument("--samples " + std::to_string(o.samples) + " is out of range for --by-layer (expected " +
                                    std::to_string(kMinNoiseByLayerSamples) + ".." + std::to_string(kMaxNoiseByLayerSamples) + ")");
    if (o.by_layer) {
        checkOutputTarget(o.output);   // a device, FIFO or socket is refused before any work
        checkOutputSuffix(o.output, ".png", "-o");
    }   // a device, FIFO or socket is refused before any work
    ParsedSources parsed{sourceItems(o.seed, "--seed"), {}};
    if (!o.crop.empty()) parseCrop(o.crop);
    return parsed;
}

}  // namespace stylemix::cli
