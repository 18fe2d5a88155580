// stylemix animate, the render side: the spec from the recipe or the flags,
// frames streamed into the writer as the engine makes them.
#include "app/cli_animate.h"

#include "model/core/recipe_sources.h"
#include "model/core/text_escape.h"
#include "model/engine/recipe_render.h"
#include "model/io/animation_writer.h"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

namespace stylemix::cli {
namespace {

// While a render runs, SIGTERM and SIGINT only raise a flag that the engine's
// cancel hook reads between jobs; the writer then leaves nothing behind. A
// signal handler can reach nothing but static storage, hence the one static;
// the guard restores the previous handlers.
class StopOnSignal {
public:
    StopOnSignal() {
        signal_ = 0;
        struct sigaction action {};
        action.sa_handler = [](int sig) { signal_ = sig; };
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, &old_term_);
        ::sigaction(SIGINT, &action, &old_int_);
    }
    ~StopOnSignal() {
        ::sigaction(SIGTERM, &old_term_, nullptr);
        ::sigaction(SIGINT, &old_int_, nullptr);
    }
    StopOnSignal(const StopOnSignal&) = delete;
    StopOnSignal& operator=(const StopOnSignal&) = delete;
    static int signal() { return signal_; }
    ProgressHooks hooks() const {
        ProgressHooks h;
        h.cancelled = [] { return signal_ != 0; };
        return h;
    }

private:
    static inline volatile std::sig_atomic_t signal_ = 0;
    struct sigaction old_term_ {}, old_int_ {};
};

// The spec the flags describe, for the loaded model.
AnimationSpec specFromFlags(const AnimateOptions& o, const ParsedSources& parsed, const ModelFacts& facts) {
    const int class_index = o.render.classFor(facts);
    AnimationSpec spec;
    spec.kind = parseAnimationKind(o.kind);
    spec.subject.source = oneSource(parsed.first, o.seed, "--seed", facts, class_index);
    spec.subject.truncation = o.render.truncation();
    spec.subject.transform = o.render.transform();
    spec.noise = o.render.noise(facts);
    if (spec.kind == AnimationKind::NoiseCycle) spec.noise.mode = NoiseMode::Random;   // what a noise cycle is
    if (spec.kind == AnimationKind::CrossoverSweep) {
        spec.subject.mix_with = oneSource(parsed.second, o.col, "--col", facts, class_index);
        if (!o.styles.empty()) spec.subject.styles = stylesFromSpec(o.styles, "--styles", facts.num_ws);
    }
    if (spec.kind == AnimationKind::LatentWalk) spec.walk_to = oneSource(parsed.second, o.to, "--to", facts, class_index);
    spec.space = parseInterpolationSpace(o.space);
    spec.frames = o.frames;
    spec.fps = o.fps;
    return spec;
}

// The recipe's model: --model, else the recipe's path (tried beside the recipe when relative and missing here).
std::unique_ptr<Engine> loadRecipeModel(const AnimateOptions& o, const Recipe& recipe) {
    const bool given = o.command->get_option("--model")->count() > 0;
    std::string model = given ? o.model.model : recipe.model_path;
    if (!given && !std::filesystem::exists(model) && std::filesystem::path(model).is_relative())
        model = (std::filesystem::path(o.recipe).parent_path() / model).string();
    ModelOptions options = o.model;
    options.model = model;
    return options.load();
}

}  // namespace

int runAnimate(const AnimateOptions& o) {
    StopOnSignal stop;
    AnimatePlan plan = precheckAnimate(o);   // again: the front's run was in another process
    std::unique_ptr<Engine> engine;
    Recipe recipe;
    if (plan.recipe) {
        recipe = *plan.recipe;
        for (const std::string& note : wFileChanges(recipeSources(recipe))) std::cerr << "stylemix: note: " << escapeControlChars(note) << "\n";
        engine = loadRecipeModel(o, recipe);
    } else {
        engine = o.model.load();
        recipe = recipeFor(*engine, RecipeKind::Animation);
        recipe.animation = specFromFlags(o, plan.sources, engine->facts());
    }
    const AnimationSpec& spec = *recipe.animation;
    AnimationOutput output{o.output, spec.fps, o.no_recipe ? std::string() : recipeToJson(recipe), recipeBeside(o)};
    std::unique_ptr<AnimationWriter> writer = openAnimationWriter(output);
    try {
        renderAnimationRecipe(*engine, recipe, o.allow_other, stop.hooks(), [&](int index, const Image& frame) {
            writer->add(frame);
            std::cerr << "frame " << index + 1 << "/" << spec.frames << std::endl;
            return true;
        });
        stop.hooks().check();   // a signal during the last frame
        writer->finish();
    } catch (const Cancelled&) {
        writer.reset();   // nothing written, no temporary file left
        std::cerr << "stylemix: animate: stopped by signal " << StopOnSignal::signal() << "; nothing written\n";
        return 128 + StopOnSignal::signal();
    }
    std::cout << "wrote " << o.output << " (" << spec.frames << " frames, " << animationKindName(spec.kind) << ", " << spec.fps
              << " fps)\n";
    return 0;
}

}  // namespace stylemix::cli
