// Each subcommand's flags, declared to CLI11. Torch-free: the front parses
// every command line (help, usage errors) before anything loads LibTorch.
#include "app/cli_commands.h"

namespace stylemix::cli {
namespace {

constexpr const char* kSourceListHelp =
    "Sources, e.g. 0,1,5-10,12.25:0.5,face.npz: seeds, ranges, latent positions X:Y (NVIDIA's visualizer) "
    "and W files (.npy, or .npz as NVIDIA's projector writes; FILE[i] takes w number i)";

}  // namespace

std::shared_ptr<GenerateOptions> declareGenerate(CLI::App& app) {
    auto* cmd = app.add_subcommand("generate", "Images for a list of sources (like NVIDIA's gen_images.py and generate.py)");
    auto o = std::make_shared<GenerateOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    // Exactly one of the two: a missing or doubled source is a usage error, like any required flag.
    auto* what = cmd->add_option_group("sources", "What to render (one of)");
    what->add_option("--seeds", o->seeds, kSourceListHelp);
    what->add_option("--projected-w", o->projected_w,
                     "W file (.npz from NVIDIA's projector, or .npy): one image per w as proj00.png, proj01.png, ... "
                     "(like generate.py --projected-w; never truncated)");
    what->require_option(1);
    cmd->add_option("--outdir", o->outdir, "Output directory")->required();
    cmd->add_option("--save-ws", o->save_ws, "Also write the ws each image rendered from as an .npz (the projector's format)");
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipe beside (and inside) each image");
    return o;
}

std::shared_ptr<MixOptions> declareMix(CLI::App& app) {
    auto* cmd = app.add_subcommand("mix", "Style-mixing grid (like stylegan2-ada-pytorch's style_mixing.py)");
    auto o = std::make_shared<MixOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    auto* rows = cmd->add_option("--rows", o->rows, std::string("Row sources (A, down the left): ") + kSourceListHelp);
    auto* cols = cmd->add_option("--cols", o->cols, "Column sources (B, across the top), as --rows");
    auto* styles = cmd->add_option("--styles", o->styles, "ws indices each cell takes from its column source")
                       ->capture_default_str();
    auto* row_styles = cmd->add_option("--row-styles", o->row_styles,
                    "Per-row ws indices, one SPEC per row separated by ';' (e.g. the paper's '0-3;0-3;0-3;4-7;4-7;8-9')");
    cmd->add_flag("--paper-fig3", o->paper_fig3,
                  "The paper's Fig. 3: rows 888,829,1898,1733,1614,845, columns 639,701,687,615,2268, "
                  "3 coarse / 2 middle / 1 fine rows (the model's bands), psi 1, const noise")
        ->excludes(rows)->excludes(cols)->excludes(styles)->excludes(row_styles);
    cmd->add_flag("--labels", o->labels, "Add seed and style labels in margins around the grid");
    cmd->add_option("--outdir", o->outdir, "Output directory")->required();
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no grid.json recipe beside (and inside) grid.png");
    cmd->add_option("--save-ws", o->save_ws, "Also write the rows' then the columns' ws, as the grid used them, as an .npz");
    return o;
}

std::shared_ptr<NoiseOptions> declareNoise(CLI::App& app) {
    auto* cmd = app.add_subcommand("noise", "Stochastic variation figures (paper Fig. 4, and Fig. 5 with --layers-figure)");
    auto o = std::make_shared<NoiseOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd, "random");
    cmd->add_option("--seed", o->seed, "The image's source: a seed, a position X:Y or a W file (FILE[i] for one w of several)")
        ->required();
    cmd->add_option("--samples", o->samples, "Noise realisations K for the std-dev map")->capture_default_str()->check(CLI::Range(1, 100000));
    auto* show = cmd->add_option("--show", o->keep, "Realisations shown as zoomed crops")->capture_default_str()->check(CLI::Range(1, 64));
    auto* crop = cmd->add_option("--crop", o->crop, "Crop X,Y,W,H in image pixels (default: the centre quarter)");
    auto* zoom = cmd->add_option("--zoom", o->zoom, "Crop magnification")->capture_default_str()->check(CLI::Range(1, 64));
    auto* gain = cmd->add_option("--stddev-gain", o->gain, "Std-dev map brightness multiplier")->capture_default_str();
    auto* fig5 = cmd->add_flag("--layers-figure", o->layers_figure, "Also write Fig. 5: noise in all / no / fine / coarse layers");
    auto* by_layer = cmd->add_flag("--by-layer", o->by_layer,
                  "Noise by layer instead: per noise layer, the std-dev over --samples realisations of that layer's noise "
                  "alone (every other layer as --noise-mode keeps it: const, none, or random realisation 0), one strip "
                  "on one colour scale, to -o");
    auto* where = cmd->add_option_group("output", "Where to write (one of)");
    where->add_option("--outdir", o->outdir, "Output directory (the Fig. 4 figures)");
    auto* output = where->add_option("-o,--output", o->output, "With --by-layer: the strip PNG (its recipe beside it as .json)");
    where->require_option(1);
    output->needs(by_layer);
    by_layer->needs(output);
    for (CLI::Option* lab_only : {show, crop, zoom, gain, fig5}) by_layer->excludes(lab_only);
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipes beside (and inside) the figures");
    return o;
}

std::shared_ptr<InterpolateOptions> declareInterpolate(CLI::App& app) {
    auto* cmd = app.add_subcommand("interpolate", "A strip of frames from one source to another, in z (slerp) or w (lerp)");
    auto o = std::make_shared<InterpolateOptions>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    cmd->add_option("--from", o->from, "First source: a seed, a position X:Y or a W file (FILE[i])")->required();
    cmd->add_option("--to", o->to, "Last source, as --from")->required();
    cmd->add_option("--steps", o->steps, "Frames, the two sources included")->capture_default_str()->check(CLI::Range(2, kMaxInterpolationSteps));
    cmd->add_option("--space", o->space, "z: slerp between latents (seeds and integer positions only); w: lerp between ws (any source)")
        ->capture_default_str()->check(CLI::IsMember({"z", "w"}));
    cmd->add_option("-o,--output", o->output, "Output strip PNG (its recipe beside it as .json)")->required();
    cmd->add_option("--save-ws", o->save_ws, "Also write every frame's ws as an .npz (usable as sources)");
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipe beside (and inside) the strip");
    return o;
}

std::shared_ptr<RenderRecipeOptions> declareRender(CLI::App& app) {
    auto* cmd = app.add_subcommand("render", "Re-render an exported figure from its recipe (.json)");
    auto o = std::make_shared<RenderRecipeOptions>();
    cmd->add_option("recipe", o->recipe, "Recipe JSON written beside an export, or the exported PNG itself (its embedded recipe)")
        ->required();
    cmd->add_option("-o,--output", o->output, "Output PNG")->required();
    cmd->add_option("--model", o->model, "Use this weights file instead of the recipe's path");
    cmd->add_option("--device", o->device, "auto | cpu | cuda")->capture_default_str()->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd->add_flag("--allow-other-model", o->allow_other, "Render even if the model's SHA-256 differs from the recipe's");
    return o;
}

std::shared_ptr<InfoOptions> declareInfo(CLI::App& app) {
    auto* cmd = app.add_subcommand("info", "Describe a model: resolution, ws-to-layer map, noise layers");
    auto o = std::make_shared<InfoOptions>();
    o->model.add(*cmd);
    return o;
}

std::shared_ptr<ConvertOptions> declareConvert(CLI::App& app) {
    auto* cmd = app.add_subcommand("convert", "Convert a network pickle (or safetensors) to .safetensors with official names");
    auto o = std::make_shared<ConvertOptions>();
    cmd->add_option("input", o->input, "Input weights (.pkl or .safetensors)")->required();
    cmd->add_option("output", o->output, "Output .safetensors")->required();
    return o;
}

}  // namespace stylemix::cli
