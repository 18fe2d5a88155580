// stylemix animate's flags and the checks that need no model (torch-free).
#include "app/cli_animate.h"

#include "model/core/animation_check.h"
#include "model/io/animation_writer.h"
#include "model/io/message_text.h"

#include <filesystem>
#include <set>
#include <sstream>

namespace stylemix::cli {
namespace {

// A recipe run takes only the output, where the model is and how it runs; every other flag
// describes the animation, which the recipe already does.
bool allowedWithRecipe(const CLI::Option* opt) {
    static const std::set<std::string> kNames = {"output",    "model",     "network",          "device",
                                                 "precision", "no-recipe", "allow-other-model"};
    if (opt->get_positional()) return true;   // the recipe itself
    for (const std::string& name : opt->get_lnames())
        if (kNames.count(name)) return true;
    return false;
}

void refuseSpecFlags(const AnimateOptions& o) {
    for (const CLI::Option* opt : o.command->get_options())
        if (opt->count() > 0 && !allowedWithRecipe(opt))
            throw std::invalid_argument("animate " + clipText(o.recipe) + " takes the animation from the recipe; " +
                                        opt->get_name() + " cannot be given with it");
}

AnimatePlan precheckRecipeRun(const AnimateOptions& o) {
    refuseSpecFlags(o);
    AnimatePlan plan;
    plan.recipe = readRecipeFile(o.recipe);   // JSON, or the recipe inside a StyleMix PNG, WebP or GIF
    if (plan.recipe->kind != RecipeKind::Animation)
        throw std::invalid_argument(displayPath(o.recipe) + " holds a recipe of kind '" + recipeKindName(plan.recipe->kind) +
                                    "', not an animation (render it with 'stylemix render')");
    checkAnimationTarget(o.output, recipeBeside(o));
    checkAnimationRate(o.output, plan.recipe->animation->fps);
    return plan;
}

AnimatePlan precheckFlagRun(const AnimateOptions& o) {
    if (o.seed.empty()) throw std::invalid_argument("animate needs --seed (the subject, A), or a recipe to re-render");
    const AnimationKind kind = parseAnimationKind(o.kind);
    if (kind == AnimationKind::CrossoverSweep && o.col.empty()) throw std::invalid_argument("animate --kind sweep needs --col (B)");
    if (kind == AnimationKind::LatentWalk && o.to.empty()) throw std::invalid_argument("animate --kind walk needs --to (where it walks)");
    if (kind != AnimationKind::CrossoverSweep && (!o.col.empty() || !o.styles.empty()))
        throw std::invalid_argument("--col and --styles belong to --kind sweep");
    if (kind != AnimationKind::LatentWalk && !o.to.empty()) throw std::invalid_argument("--to belongs to --kind walk");
    if (kind == AnimationKind::NoiseCycle && o.command->get_option("--noise-mode")->count() > 0 && o.render.noise_mode != "random")
        throw std::invalid_argument("--kind noise cycles random noise (realisation f of --noise-seed in frame f); --noise-mode " +
                                    o.render.noise_mode + " does not apply");
    parseInterpolationSpace(o.space);
    if (!(o.fps >= kMinAnimationFps && o.fps <= kMaxAnimationFps)) {   // the spec's range; a GIF's below
        std::ostringstream m;
        m << "--fps " << o.fps << " is out of range (expected " << kMinAnimationFps << " to " << kMaxAnimationFps << ")";
        throw std::invalid_argument(m.str());
    }
    // As every rendering command's: truncation, transform and noise seed parse.
    o.render.truncation();
    o.render.transform();
    parseUnsigned(o.render.noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
    AnimatePlan plan;
    plan.sources.first = sourceItems(o.seed, "--seed");
    if (!o.col.empty()) plan.sources.second = sourceItems(o.col, "--col");
    if (!o.to.empty()) plan.sources.second = sourceItems(o.to, "--to");
    checkAnimationTarget(o.output, recipeBeside(o));
    checkAnimationRate(o.output, o.fps);
    return plan;
}

}  // namespace

bool recipeBeside(const AnimateOptions& o) {
    if (o.no_recipe) return false;
    if (o.recipe.empty()) return true;
    // A re-render writes the recipe beside too, unless that is the very recipe it reads.
    std::error_code ec;
    return !std::filesystem::equivalent(o.recipe, animationRecipePath(o.output), ec);
}

std::shared_ptr<AnimateOptions> declareAnimate(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "animate", "An animated WebP (lossless) or GIF: noise cycling over one face, a crossover sweep from A to B, or a "
                   "latent walk; or re-render one from its recipe");
    auto o = std::make_shared<AnimateOptions>();
    o->command = cmd;
    cmd->add_option("recipe", o->recipe, "Re-render this animation recipe: its .json, or the .webp/.gif holding it");
    o->model.add(*cmd);
    o->render.add(*cmd);
    cmd->add_option("--kind", o->kind, "noise: noise realisations of one face; sweep: B's styles into A below a crossover "
                                       "point that goes across the ws and back; walk: --seed to --to and back")
        ->capture_default_str()->check(CLI::IsMember({"noise", "sweep", "walk"}));
    cmd->add_option("--seed", o->seed, "The subject (A): a seed, a position X:Y or a W file (FILE[i])");
    cmd->add_option("--col", o->col, "sweep: B, as --seed");
    cmd->add_option("--styles", o->styles, "sweep: the ws indices B gives (default all)");
    cmd->add_option("--to", o->to, "walk: where it walks to, as --seed");
    cmd->add_option("--space", o->space, "walk: w (lerp between ws) or z (slerp between latents; seeds only)")
        ->capture_default_str()->check(CLI::IsMember({"z", "w"}));
    cmd->add_option("--frames", o->frames, "Frames in the loop")->capture_default_str()->check(CLI::Range(1, kMaxAnimationFrames));
    cmd->add_option("--fps", o->fps, "Frames per second")->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Output .webp (lossless) or .gif (its recipe beside it as .json)")->required();
    cmd->add_flag("--no-recipe", o->no_recipe, "Write no .json recipe beside (and inside) the animation");
    cmd->add_flag("--allow-other-model", o->allow_other, "With a recipe: render even if the model's SHA-256 differs from the recipe's");
    return o;
}

AnimatePlan precheckAnimate(const AnimateOptions& o) {
    return o.recipe.empty() ? precheckFlagRun(o) : precheckRecipeRun(o);
}

}  // namespace stylemix::cli
