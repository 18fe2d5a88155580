#include "model/core/recipe_check.h"

#include "model/core/animation_check.h"
#include "model/core/figures.h"
#include "model/core/influence_figure.h"
#include "model/core/lab_figures.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/strip_figure.h"

#include "model/io/message_text.h"

#include <cmath>
#include <stdexcept>

namespace stylemix {

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& what) {
    throw std::invalid_argument("recipe field '" + field + "' " + what);
}

// Like --class: none on an unconditional model, one in 0..c_dim-1 on a conditional one.
// A W array has no class; it must have this model's shape.
void checkSource(const Source& s, const ModelFacts& f, const std::string& field) {
    if (s.kind == Source::Kind::Ws) {
        const WArray& a = *s.ws_array;
        if (a.num_ws != f.num_ws || a.w_dim != f.w_dim)
            fail(field + ".ws.shape", "= [" + std::to_string(a.num_ws) + ", " + std::to_string(a.w_dim) + "], this model takes [" +
                                          std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]");
        return;
    }
    if (f.c_dim == 0 && s.class_index >= 0)
        fail(field + ".class", "= " + std::to_string(s.class_index) + ": the model is unconditional (c_dim 0), it takes no class");
    if (f.c_dim > 0 && (s.class_index < 0 || s.class_index >= f.c_dim))
        fail(field + ".class", "must be a class in 0.." + std::to_string(f.c_dim - 1) + " (the model is conditional, c_dim " +
                                   std::to_string(f.c_dim) + ")");
}

void checkSources(const std::vector<Source>& sources, const ModelFacts& f, const std::string& field) {
    for (std::size_t i = 0; i < sources.size(); ++i) checkSource(sources[i], f, field + "[" + std::to_string(i) + "]");
}

// Like --styles: ws indices of this model.
void checkStyles(const std::vector<int>& styles, const ModelFacts& f, const std::string& field) {
    for (std::size_t i = 0; i < styles.size(); ++i)
        if (styles[i] < 0 || styles[i] >= f.num_ws)
            fail(field + "[" + std::to_string(i) + "]", "= " + std::to_string(styles[i]) + " is not a ws of this model (0.." +
                                                            std::to_string(f.num_ws - 1) + ")");
}

// Like --noise-strength: one finite multiplier in [0, 1000] per noise layer, or none.
void checkNoise(const NoiseSpec& n, const ModelFacts& f, const std::string& field) {
    if (!n.multipliers.empty() && n.multipliers.size() != f.noise_layers.size())
        fail(field + ".strengths", "lists " + std::to_string(n.multipliers.size()) + " values, the model has " +
                                       std::to_string(f.noise_layers.size()) + " noise layers");
    for (std::size_t i = 0; i < n.multipliers.size(); ++i)
        if (!(n.multipliers[i] >= 0 && n.multipliers[i] <= 1000))
            fail(field + ".strengths[" + std::to_string(i) + "]", "must be a number in [0, 1000]");
}

// Like --translate / --rotate: only a model with a transformable input (StyleGAN3) takes one.
void checkTransform(const OptionalTransform& t, const ModelFacts& f, const std::string& field) {
    if (t && !f.has_input_transform)
        fail(field + ".input_transform", "moves the input, but this model (" + f.family_label + ") has no input transform");
}

void checkSubject(const LabSubject& s, const ModelFacts& f, const std::string& field) {
    checkSource(s.source, f, field + ".source");
    if (s.mix_with) checkSource(*s.mix_with, f, field + ".mix_with");
    checkStyles(s.styles, f, field + ".styles");
    checkTransform(s.transform, f, field);
}

void checkMix(const Recipe& r, const ModelFacts& f) {
    const MixRequest& m = *r.mix;
    checkSources(m.rows, f, "mix.rows");
    checkSources(m.cols, f, "mix.cols");
    checkStyles(m.styles, f, "mix.styles");
    for (std::size_t i = 0; i < m.row_styles.size(); ++i) checkStyles(m.row_styles[i], f, "mix.row_styles[" + std::to_string(i) + "]");
    checkNoise(m.noise, f, "mix.noise");
    checkTransform(m.transform, f, "mix");
    // The figure as exported, magnified by mix.scale.
    checkFigureSize(mixGridSize(m, f.img_resolution, f.img_channels, r.labels, r.grid_scale), "the recipe's mixing grid");
}

// Like --crop: inside the image, checked before the K realisations are rendered.
void checkCrop(const CropRect& c, const ModelFacts& f) {
    const std::int64_t res = f.img_resolution;
    if (c.x + static_cast<std::int64_t>(c.width) > res || c.y + static_cast<std::int64_t>(c.height) > res)
        fail("lab.crop", "(x " + std::to_string(c.x) + ", y " + std::to_string(c.y) + ", width " + std::to_string(c.width) +
                             ", height " + std::to_string(c.height) + ") extends past the " + std::to_string(res) + "x" +
                             std::to_string(res) + " image");
}

void checkLab(const Recipe& r, const ModelFacts& f) {
    const std::string field = r.kind == RecipeKind::Image ? "image" : "lab";
    const NoiseLabRequest& lab = *r.lab;
    checkSubject(lab.subject, f, field + ".subject");
    checkNoise(lab.noise, f, field + ".noise");
    if (r.kind == RecipeKind::Image) return;
    if (!f.hasNoise())
        fail("kind", "= '" + std::string(recipeKindName(r.kind)) + "' studies noise, but this model (" + f.family_label +
                         ") has no noise inputs");
    if (!validStdDevGain(lab.stddev_gain)) fail("lab.stddev_gain", "is out of range (expected a number in (0, 1000])");
    if (r.kind == RecipeKind::StdDev) {
        checkFigureSize(labRecipeFigureSize(r, f.img_resolution), "the recipe's std-dev map");
        return;
    }
    if (r.kind != RecipeKind::NoiseLab) return;
    checkCrop(r.crop.value_or(defaultCrop(f.img_resolution)), f);
    checkFigureSize(labRecipeFigureSize(r, f.img_resolution), "the recipe's noise figure");
}

void checkInterpolation(const InterpolationRequest& in, const ModelFacts& f) {
    checkSource(in.from, f, "interpolation.from");
    checkSource(in.to, f, "interpolation.to");
    checkNoise(in.noise, f, "interpolation.noise");
    checkTransform(in.transform, f, "interpolation");
    checkFigureSize(stripSize(in.steps, f.img_resolution, f.img_channels), "the interpolation strip");
}

// Like the layer view: a layer the model lists, its subject and noise, untransform only with an input transform.
void checkLayer(const LayerRequest& l, const ModelFacts& f) {
    checkSubject(l.subject, f, "layer.subject");
    checkNoise(l.noise, f, "layer.noise");
    if (!f.activation(l.layer))
        fail("layer.layer", "= " + quoteText(l.layer) + " is not a layer of this model (" + f.family_label + ", " +
                                std::to_string(f.activations.size()) + " layers; stylemix layers --list)");
    if (l.view.untransform && !f.has_input_transform)
        fail("layer.view.untransform", "undoes the input transform, but this model (" + f.family_label + ") has none");
}

// Like `noise --by-layer`: a model with noise inputs, and a strip that fits.
void checkNoiseByLayer(const NoiseByLayerRequest& nb, const ModelFacts& f) {
    checkSubject(nb.subject, f, "noise_by_layer.subject");
    checkNoise(nb.noise, f, "noise_by_layer.noise");
    if (!f.hasNoise())
        fail("kind", "= 'noise-by-layer' studies noise, but this model (" + f.family_label + ") has no noise inputs");
    std::vector<std::string> labels;
    for (const NoiseLayerInfo& l : f.noise_layers) labels.push_back(noiseLayerLabel(l));
    checkFigureSize(noiseByLayerFigureSize(f.img_resolution, labels, nb.samples), "the noise-by-layer strip");
}

// Like `stylemix influence`: A and B, each band's ws indices, noise and transform for this model.
void checkInfluence(const InfluenceSpec& in, const ModelFacts& f) {
    checkSource(in.a, f, "influence.a");
    checkSource(in.b, f, "influence.b");
    for (std::size_t i = 0; i < in.bands.size(); ++i) checkStyles(in.bands[i], f, "influence.bands[" + std::to_string(i) + "].styles");
    checkNoise(in.noise, f, "influence.noise");
    checkTransform(in.transform, f, "influence");
    checkFigureSize(influenceFigureSize(static_cast<int>(in.bands.size()), f.img_resolution, f.img_resolution), "the influence figure");
}

// Like `stylemix animate`: the subject's (and a walk's end's) sources, then animation_check.h's rules.
void checkAnimation(const AnimationSpec& a, const ModelFacts& f) {
    checkSubject(a.subject, f, "animation.subject");
    if (a.kind == AnimationKind::LatentWalk) checkSource(a.walk_to, f, "animation.walk_to");
    if (const std::optional<AnimationSpecProblem> p = animationSpecProblem(a, f)) fail("animation." + p->field, p->what);
}

}  // namespace

bool validStdDevGain(double gain) { return std::isfinite(gain) && gain > 0 && gain <= kMaxStdDevGain; }

void checkRecipeForModel(const Recipe& r, const ModelFacts& f) {
    if (r.kind == RecipeKind::MixGrid && !r.mix) fail("mix", "is missing");
    if (r.kind == RecipeKind::Interpolation) {
        if (!r.interpolation) fail("interpolation", "is missing");
        checkInterpolation(*r.interpolation, f);
        return;
    }
    if (r.kind == RecipeKind::Layer) {
        if (!r.layer) fail("layer", "is missing");
        checkLayer(*r.layer, f);
        return;
    }
    if (r.kind == RecipeKind::NoiseByLayer) {
        if (!r.noise_by_layer) fail("noise_by_layer", "is missing");
        checkNoiseByLayer(*r.noise_by_layer, f);
        return;
    }
    if (r.kind == RecipeKind::Influence) {
        if (!r.influence) fail("influence", "is missing");
        checkInfluence(*r.influence, f);
        return;
    }
    if (r.kind == RecipeKind::Animation) {
        if (!r.animation) fail("animation", "is missing");
        checkAnimation(*r.animation, f);
        return;
    }
    if (r.kind != RecipeKind::MixGrid && !r.lab) fail(r.kind == RecipeKind::Image ? "image" : "lab", "is missing");
    if (r.mix) checkMix(r, f);
    if (r.lab) checkLab(r, f);
}

}  // namespace stylemix
