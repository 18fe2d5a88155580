#include "gui/views/motion/motion_request.h"

#include "gui/views/strip/strip_request.h"
#include "gui/widgets/labels.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace stylemix::gui {
namespace {

// A noise cycle of the selected face: every w fixed, realisation f of the noise in frame f.
MotionPlan noiseCycle(const PanelStates& panels, const ModelFacts& facts, const MixRequest& mix) {
    MotionPlan plan;
    if (!facts.hasNoise()) {
        const std::string family = facts.family_label.empty() ? std::string("This model") : facts.family_label;
        plan.blocked = family + " has no noise inputs, so there is no noise to cycle: try a crossover sweep or a latent walk.";
        return plan;
    }
    const auto subject = buildLabSubject(panels.lab.selection, mix);
    if (!subject) {
        plan.blocked = "Click a face in the grid: the noise cycle animates the selected face's noise.";
        return plan;
    }
    AnimationSpec spec;
    spec.kind = AnimationKind::NoiseCycle;
    spec.subject = *subject;
    spec.noise = mix.noise;
    spec.noise.mode = NoiseMode::Random;   // frame f = realisation f of the noise panel's seed, as the lab's
    spec.noise.seed = panels.noise.seed;
    plan.spec = spec;
    return plan;
}

// A crossover sweep of the selected cell: from its A to the cell and back.
MotionPlan crossoverSweep(const PanelStates& panels, const MixRequest& mix) {
    MotionPlan plan;
    const auto subject = panels.lab.selection.kind == LabSelection::Kind::Cell
                             ? buildLabSubject(panels.lab.selection, mix)
                             : std::nullopt;
    if (!subject) {
        plan.blocked = "Click a cell of the grid (A row x B column): the sweep runs from its A to the cell and back.";
        return plan;
    }
    AnimationSpec spec;
    spec.kind = AnimationKind::CrossoverSweep;
    spec.subject = *subject;   // its styles are the ws that move (all of them when it takes none)
    spec.noise = mix.noise;
    plan.spec = spec;
    return plan;
}

// A latent walk between two of the grid's sources.
MotionPlan latentWalk(const MotionState& state, const MixRequest& mix) {
    MotionPlan plan;
    const Source* from = stripEndSource(state.walk_from, mix);
    const Source* to = stripEndSource(state.walk_to, mix);
    if (!from || !to) {
        plan.blocked = "Pick the walk's two ends (From, To) among the grid's sources.";
        return plan;
    }
    AnimationSpec spec;
    spec.kind = AnimationKind::LatentWalk;
    spec.subject.source = *from;
    spec.subject.truncation = mix.truncation;
    spec.subject.transform = mix.transform;
    spec.walk_to = *to;
    spec.space = stripZBlocked(*from, *to).empty() ? state.space : InterpolationSpace::W;
    spec.noise = mix.noise;
    plan.spec = spec;
    return plan;
}

}  // namespace

const char* motionFormatExtension(MotionFormat format) { return format == MotionFormat::Gif ? ".gif" : ".webp"; }

std::string motionFormatBlocked(MotionFormat format, int fps) {
    if (format == MotionFormat::Gif && fps > 50)
        return "GIF plays at most 50 fps (its delays are whole hundredths of a second): lower the fps, or save WebP.";
    return {};
}

int maxPlaybackFrames(int resolution) {
    const std::size_t frame = std::size_t(std::max(resolution, 1)) * std::size_t(std::max(resolution, 1)) * 4;
    const std::size_t fit = kPlaybackBudgetBytes / frame;
    return static_cast<int>(std::clamp<std::size_t>(fit, MotionState::kMinFrames, MotionState::kMaxFrames));
}

MotionPlan buildMotionPlan(const MotionState& state, const PanelStates& panels, const ModelFacts& facts) {
    if (facts.num_ws <= 0) return MotionPlan{std::nullopt, "Load a model first."};
    const MixRequest mix = buildMixRequest(panels, facts);
    MotionPlan plan = state.kind == AnimationKind::NoiseCycle       ? noiseCycle(panels, facts, mix)
                      : state.kind == AnimationKind::CrossoverSweep ? crossoverSweep(panels, mix)
                                                                    : latentWalk(state, mix);
    if (plan.spec) {
        plan.spec->frames = std::clamp(state.frames, MotionState::kMinFrames, maxPlaybackFrames(facts.img_resolution));
        plan.spec->fps = std::clamp(state.fps, MotionState::kMinFps, MotionState::kMaxFps);
    }
    return plan;
}

AnimationRequest playbackRequest(const AnimationSpec& spec) {
    AnimationRequest request{spec};
    request.spec.fps = AnimationSpec{}.fps;
    return request;
}

Recipe motionRecipe(const AnimationSpec& spec, const ModelFacts& facts) {
    Recipe r;
    r.kind = RecipeKind::Animation;
    r.model_family = facts.family;
    r.model_path = facts.path;
    r.model_sha256 = facts.sha256;
    r.learned_strengths = facts.noise_strengths;
    r.animation = spec;
    return r;
}

std::string suggestMotionPath(const std::string& dir, MotionFormat format) {
    const std::filesystem::path base = dir.empty() ? std::filesystem::current_path() : std::filesystem::path(dir);
    for (int i = 1;; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "stylemix-motion-%03d%s", i, motionFormatExtension(format));
        const auto candidate = base / name;
        std::error_code ec;
        if (!std::filesystem::exists(candidate, ec) || i >= 999) return candidate.string();
    }
}

MotionFormat motionFormatOf(const std::string& path) {
    return std::filesystem::path(path).extension() == ".gif" ? MotionFormat::Gif : MotionFormat::WebP;
}

std::string withMotionExtension(const std::string& path, MotionFormat format) {
    std::filesystem::path p(path);
    const std::string ext = p.extension().string();
    if (ext == ".webp" || ext == ".gif") p.replace_extension(motionFormatExtension(format));
    else p += motionFormatExtension(format);
    return p.string();
}

std::string describeMotion(const MotionState& state, const PanelStates& panels, const ModelFacts& facts) {
    const MixRequest mix = buildMixRequest(panels, facts);
    switch (state.kind) {
    case AnimationKind::NoiseCycle: return "noise cycle of the " + describeSubject(panels.lab.selection, mix, &facts);
    case AnimationKind::CrossoverSweep: {
        const auto subject = buildLabSubject(panels.lab.selection, mix);
        if (!subject || !subject->mix_with) return "crossover sweep: no cell selected";
        return "crossover sweep from A " + subject->source.label() + " to the cell with B " +
               subject->mix_with->label() + "'s " + stylesText(&facts, subject->styles) + " and back";
    }
    case AnimationKind::LatentWalk:
        return "latent walk from " + stripEndLabel(state.walk_from, mix) + " to " + stripEndLabel(state.walk_to, mix);
    }
    return {};
}

}  // namespace stylemix::gui
