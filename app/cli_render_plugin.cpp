// libstylemix_cli_render.so: the CLI's rendering commands (generate, mix,
// noise, interpolate, render) with LibTorch. The torch-free front (stylemix) loads it only
// for them and passes the same command line, parsed again here.
#include "app/cli_animate.h"
#include "app/cli_commands.h"
#include "app/cli_front.h"
#include "app/cli_influence.h"
#include "app/cli_layers.h"

extern "C" __attribute__((visibility("default"))) int stylemix_cli_render_main(int argc, char** argv) {
    using namespace stylemix::cli;
    RenderRunners runners;
    runners.generate = runGenerate;
    runners.mix = runMix;
    runners.noise = runNoise;
    runners.render = runRender;
    runners.interpolate = runInterpolate;
    runners.influence = runInfluence;
    runners.layers = runLayers;
    runners.animate = runAnimate;
    return runCli(argc, argv, runners);
}
