#include "gui/recipe_restore_views.h"

#include "gui/recipe_restore_parts.h"
#include "gui/views/grid/grid_tab.h"
#include "gui/views/influence/influence_tab.h"
#include "gui/views/lab/by_layer_panel.h"
#include "gui/views/lab/lab_tab.h"
#include "gui/views/layers/layers_request.h"
#include "gui/views/layers/layers_tab.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/views/strip/strip_request.h"
#include "gui/widgets/labels.h"
#include "model/core/influence_request.h"
#include "model/core/recipe_check.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace stylemix::gui {
namespace {

using restore::misfit;
using restore::placeSource;
using restore::selectSubject;
using restore::setNoise;
using restore::setTruncation;

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// "= 60 is past the <what> (-40 to 40 <unit>)" unless lo <= v <= hi.
void checkRange(const std::string& field, double v, double lo, double hi, const std::string& what) {
    if (!(v >= lo && v <= hi))
        misfit(field, "= " + number(v) + " is past " + what + " (" + number(lo) + " to " + number(hi) +
                          "); re-render it with `stylemix render`");
}

// "A 85 with B 55 (ws 0-3 from B)", or "A 85".
std::string subjectText(const LabSubject& s, const ModelFacts& f) {
    if (!s.mix_with) return s.source.label();
    return "A " + s.source.label() + " with B " + s.mix_with->label() + " (" + stylesText(&f, s.styles) + " from B)";
}

// ---- layer: the Layers tab on the recipe's layer and display.

LayerShow layerShowOf(const LayerViewSettings& v) {
    if (v.display == LayerDisplay::MeanAbs) return LayerShow::MeanAbs;
    return v.sel_channels == 3 ? LayerShow::Rgb : LayerShow::Channel;
}

void checkLayerView(const LayerRequest& l, const ModelFacts& f) {
    const ActivationInfo& layer = *f.activation(l.layer);   // checkRecipeForModel found it
    const LayerViewSettings& v = l.view;
    if (v.display == LayerDisplay::Channels && v.base_channel > baseChannelMax(layerShowOf(v), layer))
        misfit("layer.view.base_channel", "= " + std::to_string(v.base_channel) + " is past layer " + l.layer + "'s " +
                                              std::to_string(layer.channels) + " channels (with sel_channels " +
                                              std::to_string(v.sel_channels) + ")");
    checkRange("layer.view.gain_db", v.gain_db, LayersState::kMinGainDb, LayersState::kMaxGainDb, "the Layers view's gain");
    if (!v.fft) return;
    checkRange("layer.view.fft_range_db", v.fft_range_db, LayersState::kMinFftRangeDb, LayersState::kMaxFftRangeDb,
               "the Layers view's FFT range");
    checkRange("layer.view.fft_beta", v.fft_beta, 0, LayersState::kMaxFftBeta, "the Layers view's Kaiser beta");
}

LayersState layersStateOf(const LayerRequest& l) {
    LayersState s;
    s.layer = l.layer;
    s.show = layerShowOf(l.view);
    s.base_channel = l.view.base_channel;
    s.normalize = l.view.normalize;
    s.gain_db = l.view.gain_db;
    s.fft = l.view.fft;
    s.fft_all = l.view.fft_all;
    // Off, the FFT's sliders are not sent: kept within their ranges for when it is turned on.
    s.fft_range_db = std::clamp(l.view.fft_range_db, LayersState::kMinFftRangeDb, LayersState::kMaxFftRangeDb);
    s.fft_beta = std::clamp(l.view.fft_beta, 0.f, LayersState::kMaxFftBeta);
    s.untransform = l.view.untransform;
    return s;
}

RestoreOutcome restoreLayer(const LayerRequest& l, const ModelFacts& f, RestoreTargets& t) {
    selectSubject(l.subject, f, t);
    setNoise(t.noise, l.noise, f);
    RestoreOutcome out;
    out.view = LayersTab::kId;
    out.layers = layersStateOf(l);
    out.summary = l.layer + " of " + subjectText(l.subject, f);
    return out;
}

// ---- influence: A and B's cell selected, band 0 its ws from B; the band row when the rest are the model's.

// The recipe's bands after the cell's when they are the model's coarse / middle / fine band row.
bool restBandsAreTheModels(const InfluenceSpec& in, const ModelFacts& f) {
    const InfluenceSpec presets = bandInfluenceSpec(in.a, in.b, f);
    return !presets.bands.empty() && std::equal(in.bands.begin() + 1, in.bands.end(), presets.bands.begin(), presets.bands.end()) &&
           std::equal(in.band_labels.begin() + 1, in.band_labels.end(), presets.band_labels.begin(), presets.band_labels.end());
}

// The model's own band row alone (`stylemix influence --bands`): the cell takes the first band.
bool allBandsAreTheModels(const InfluenceSpec& in, const ModelFacts& f) {
    const InfluenceSpec presets = bandInfluenceSpec(in.a, in.b, f);
    return !presets.bands.empty() && in.bands == presets.bands;
}

RestoreOutcome restoreInfluence(const InfluenceSpec& in, const ModelFacts& f, RestoreTargets& t) {
    selectSubject(LabSubject{in.a, in.b, in.bands.front(), in.truncation, in.transform}, f, t);
    setNoise(t.noise, in.noise, f);
    RestoreOutcome out;
    out.view = InfluenceTab::kId;
    InfluenceViewState state;
    state.threshold = in.threshold;
    state.bands = in.bands.size() > 1 && (restBandsAreTheModels(in, f) || allBandsAreTheModels(in, f));
    out.influence = state;
    out.summary = "A " + in.a.label() + " x B " + in.b.label() + ", the cell " + stylesText(&f, in.bands.front()) +
                  " from B, moved > " + std::to_string(in.threshold) + " levels";
    if (in.bands.size() > 1 && !state.bands)
        out.summary += " (the view shows its first band: its other " + std::to_string(in.bands.size() - 1) +
                       " are not the model's coarse / middle / fine; `stylemix render` re-renders them)";
    return out;
}

// ---- noise-by-layer: the lab's subject, the other layers' noise, the lab's By layer display with K.

RestoreOutcome restoreNoiseByLayer(const NoiseByLayerRequest& nb, const ModelFacts& f, RestoreTargets& t) {
    selectSubject(nb.subject, f, t);
    setNoise(t.noise, nb.noise, f);
    RestoreOutcome out;
    out.view = LabTab::kId;
    out.by_layer_samples = nb.samples;
    out.summary = subjectText(nb.subject, f) + ", K = " + std::to_string(nb.samples) + " per layer, the other layers' noise " +
                  noiseModeName(nb.noise.mode);
    return out;
}

// ---- animation: the Motion tab on its kind, frames and fps; its face, cell or ends in the grid.

void checkAnimationView(const AnimationSpec& a, const ModelFacts& f) {
    const int max_frames = maxPlaybackFrames(f.img_resolution);
    if (a.frames < MotionState::kMinFrames || a.frames > max_frames)
        misfit("animation.frames", "= " + std::to_string(a.frames) + " is not a length the Motion tab plays at " +
                                       std::to_string(f.img_resolution) + "x" + std::to_string(f.img_resolution) + " (" +
                                       std::to_string(MotionState::kMinFrames) + " to " + std::to_string(max_frames) +
                                       "); re-render it with `stylemix animate`");
    if (a.fps != std::round(a.fps) || a.fps < MotionState::kMinFps || a.fps > MotionState::kMaxFps)
        misfit("animation.fps", "= " + number(a.fps) + " is not a rate the Motion tab plays (whole frames per second, " +
                                    std::to_string(MotionState::kMinFps) + " to " + std::to_string(MotionState::kMaxFps) +
                                    "); re-render it with `stylemix animate`");
}

RestoreOutcome restoreAnimation(const AnimationSpec& a, const ModelFacts& f, RestoreTargets& t, const std::string& source_name) {
    MotionState motion;
    motion.kind = a.kind;
    motion.frames = a.frames;
    motion.fps = static_cast<int>(a.fps);
    motion.format = motionFormatOf(source_name);
    if (a.kind == AnimationKind::LatentWalk) {   // from a row source (A) to a column source (B)
        setTruncation(t.sources, a.subject.truncation);
        t.sources.transform = a.subject.transform.value_or(InputTransform{});
        motion.walk_from = {SourceSide::Rows, placeSource(t.sources.rows, a.subject.source)};
        motion.walk_to = {SourceSide::Cols, placeSource(t.sources.cols, a.walk_to)};
        motion.space = a.space;
    } else {
        selectSubject(a.subject, f, t);
    }
    setNoise(t.noise, a.noise, f);
    RestoreOutcome out;
    out.view = MotionTab::kId;
    out.motion = motion;
    const std::string what = a.kind == AnimationKind::NoiseCycle       ? "noise cycle of " + subjectText(a.subject, f)
                             : a.kind == AnimationKind::CrossoverSweep ? "crossover sweep of " + subjectText(a.subject, f)
                                                                       : "latent walk from A " + a.subject.source.label() +
                                                                             " to B " + a.walk_to.label() + " in " +
                                                                             interpolationSpaceName(a.space);
    out.summary = what + ", " + std::to_string(a.frames) + " frames at " + number(a.fps) + " fps";
    return out;
}

// ---- interpolation: the strip opened under the grid, from a row source (A) to a column source (B).

void checkInterpolationView(const InterpolationRequest& in) {
    if (in.steps < StripState::kMinSteps || in.steps > StripState::kMaxSteps)
        misfit("interpolation.steps", "= " + std::to_string(in.steps) + " is not a number of frames the strip shows (" +
                                          std::to_string(StripState::kMinSteps) + " to " + std::to_string(StripState::kMaxSteps) +
                                          "); re-render it with `stylemix render`");
    if (in.space == InterpolationSpace::Z) {
        const std::string blocked = stripZBlocked(in.from, in.to);
        if (!blocked.empty()) misfit("interpolation.space", "= z, but " + blocked);
    }
}

RestoreOutcome restoreInterpolation(const InterpolationRequest& in, const ModelFacts& f, RestoreTargets& t) {
    setTruncation(t.sources, in.truncation);
    t.sources.transform = in.transform.value_or(InputTransform{});
    setNoise(t.noise, in.noise, f);
    t.strip.from = {SourceSide::Rows, placeSource(t.sources.rows, in.from)};
    t.strip.to = {SourceSide::Cols, placeSource(t.sources.cols, in.to)};
    t.strip.steps = in.steps;
    t.strip.space = in.space;
    t.strip.open = true;
    RestoreOutcome out;
    out.view = GridTab::kId;
    out.summary = "A " + in.from.label() + " to B " + in.to.label() + ", " + std::to_string(in.steps) + " frames in " +
                  interpolationSpaceName(in.space) + " (the strip under the grid)";
    return out;
}

}  // namespace

bool isViewRecipe(const Recipe& r) {
    switch (r.kind) {
    case RecipeKind::Layer:
    case RecipeKind::Influence:
    case RecipeKind::NoiseByLayer:
    case RecipeKind::Animation:
    case RecipeKind::Interpolation: return true;
    default: return false;
    }
}

void checkViewRecipeFits(const Recipe& r, const ModelFacts& f) {
    try {
        checkRecipeForModel(r, f);   // the CLI's rules, by field; each kind's member is there after it
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(e.what());
    }
    if (r.kind == RecipeKind::Layer) checkLayerView(*r.layer, f);
    if (r.kind == RecipeKind::Influence && r.influence->bands.empty()) misfit("influence.bands", "is empty: no ws to take from B");
    if (r.kind == RecipeKind::NoiseByLayer && (r.noise_by_layer->samples < ByLayerPanel::kMinSamples ||
                                               r.noise_by_layer->samples > ByLayerPanel::kMaxSamples))
        misfit("noise_by_layer.samples", "= " + std::to_string(r.noise_by_layer->samples) + " is past the lab's K (" +
                                             std::to_string(ByLayerPanel::kMinSamples) + " to " +
                                             std::to_string(ByLayerPanel::kMaxSamples) + "); re-render it with `stylemix render`");
    if (r.kind == RecipeKind::Animation) checkAnimationView(*r.animation, f);
    if (r.kind == RecipeKind::Interpolation) checkInterpolationView(*r.interpolation);
}

RestoreOutcome restoreViewRecipe(const Recipe& r, const ModelFacts& f, RestoreTargets& t, const std::string& source_name) {
    RestoreOutcome out = r.kind == RecipeKind::Layer        ? restoreLayer(*r.layer, f, t)
                         : r.kind == RecipeKind::Influence  ? restoreInfluence(*r.influence, f, t)
                         : r.kind == RecipeKind::NoiseByLayer ? restoreNoiseByLayer(*r.noise_by_layer, f, t)
                         : r.kind == RecipeKind::Animation  ? restoreAnimation(*r.animation, f, t, source_name)
                                                            : restoreInterpolation(*r.interpolation, f, t);
    out.summary = "restored the " + std::string(recipeKindName(r.kind)) + " of " + source_name + ": " + out.summary;
    return out;
}

}  // namespace stylemix::gui
