// stylemix: the headless CLI. Renders the same figures as the explorer, with
// flags like NVIDIA's gen_images.py and style_mixing.py. This executable is
// torch-free (cli_front.h): it parses, runs info and convert, and hands the
// rendering commands to libstylemix_cli_render.so.
#include "app/cli_animate.h"
#include "app/cli_commands.h"
#include "app/cli_front.h"
#include "app/cli_influence.h"
#include "app/cli_layers.h"

#include <csignal>

int main(int argc, char** argv) {
    // A file size limit (ulimit -f) then fails the write with EFBIG, which is
    // reported and cleaned up, instead of killing the process mid-set.
    std::signal(SIGXFSZ, SIG_IGN);
    using namespace stylemix::cli;
    // Flag values are checked here first: a bad one never waits for LibTorch to load.
    const auto in_library = [argc, argv] { return renderInLibrary(argc, argv); };
    RenderRunners renderers;
    renderers.generate = [=](const GenerateOptions& o) { precheckGenerate(o); return in_library(); };
    renderers.mix = [=](const MixOptions& o) { precheckMix(o); return in_library(); };
    renderers.noise = [=](const NoiseOptions& o) { precheckNoise(o); return in_library(); };
    renderers.render = [=](const RenderRecipeOptions&) { return in_library(); };
    renderers.interpolate = [=](const InterpolateOptions& o) { precheckInterpolate(o); return in_library(); };
    renderers.influence = [=](const InfluenceOptions& o) { precheckInfluence(o); return in_library(); };
    renderers.layers = [=](const LayersOptions& o) {   // --list needs no LibTorch
        if (o.list) return runLayersList(o);
        precheckLayers(o);
        return in_library();
    };
    renderers.animate = [=](const AnimateOptions& o) { precheckAnimate(o); return in_library(); };
    return runCli(argc, argv, renderers);
}
