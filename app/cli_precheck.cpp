// What each rendering command can check before the model is loaded: the
// front runs these before it loads the render library (so a bad flag value
// never waits for LibTorch), and each command runs them again first.
#include "app/cli_commands.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace stylemix::cli {
namespace {

void precheckRender(const RenderOptions& r) {
    r.truncation();
    r.transform();
    parseUnsigned(r.noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
}

}  // namespace

CropRect parseCrop(const std::string& text) {
    CropRect c;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d,%d,%d,%d%c", &c.x, &c.y, &c.width, &c.height, &extra) != 4 || c.x < 0 || c.y < 0 ||
        c.width < 1 || c.height < 1)
        throw std::invalid_argument("--crop '" + text + "' must be X,Y,W,H with X,Y >= 0 and W,H >= 1");
    return c;
}

void precheckGenerate(const GenerateOptions& o) {
    precheckRender(o.render);
    sourcesFromSpec(o.seeds, "--seeds", -1);
}

void precheckMix(const MixOptions& o) {
    if (!o.paper_fig3 && (o.rows.empty() || o.cols.empty()))
        throw std::invalid_argument("mix needs --rows and --cols (or --paper-fig3)");
    precheckRender(o.render);
    if (!o.paper_fig3) {
        sourcesFromSpec(o.rows, "--rows", -1);
        sourcesFromSpec(o.cols, "--cols", -1);
    }
}

void precheckNoise(const NoiseOptions& o) {
    if (!std::isfinite(o.gain) || !(o.gain > 0) || o.gain > 1000) {
        std::ostringstream v;
        v << o.gain;
        throw std::invalid_argument("--stddev-gain " + v.str() + " is out of range (expected a number in (0, 1000])");
    }
    precheckRender(o.render);
    if (!o.crop.empty()) parseCrop(o.crop);
}

}  // namespace stylemix::cli
