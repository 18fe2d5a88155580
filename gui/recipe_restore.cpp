#include "gui/recipe_restore.h"

#include "gui/file_sniff.h"
#include "gui/recipe_restore_parts.h"
#include "gui/recipe_restore_views.h"
#include "gui/views/grid/grid_tab.h"
#include "gui/views/lab/lab_tab.h"
#include "gui/widgets/labels.h"
#include "model/core/recipe_sources.h"
#include "model/io/message_text.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace stylemix::gui {

Recipe readRecipeFrom(const std::string& path) {
    const FileSniff sniff = sniffFile(path);
    if (!isRecipe(sniff.kind)) {
        const std::string what = sniff.kind == FileKind::Png ? "This is a PNG image without a StyleMix recipe."
                                 : mayBeModel(sniff.kind)     ? "This is a model file, not a recipe."
                                                              : describeNonModel(sniff);
        throw std::runtime_error(displayPath(path) + ": " + what);
    }
    if (!sniff.problem.empty()) throw std::runtime_error(sniff.problem);
    return recipeFromJson(sniff.recipe_text, displayPath(path));
}

bool recipeMatchesModel(const Recipe& recipe, const ModelFacts& facts) {
    if (!recipe.model_sha256.empty() && !facts.sha256.empty()) return recipe.model_sha256 == facts.sha256;
    std::error_code ec;
    const auto a = std::filesystem::absolute(recipe.model_path, ec).lexically_normal();
    const auto b = std::filesystem::absolute(facts.path, ec).lexically_normal();
    return a == b;
}

namespace restore {

void misfit(const std::string& field, const std::string& what) {
    throw std::runtime_error("recipe field '" + field + "' " + what);
}

int placeSource(SeedList& list, const Source& s) {
    const auto it = std::find(list.items.begin(), list.items.end(), s);
    if (it != list.items.end()) return static_cast<int>(it - list.items.begin());
    list.items.insert(list.items.begin(), s);
    if (static_cast<int>(list.items.size()) > SourcesState::kMaxSources) list.items.pop_back();
    list.syncSpec();
    return 0;
}

void setNoise(NoiseState& noise, const NoiseSpec& spec, const ModelFacts& f) {
    noise.mode = spec.mode;
    noise.seed = spec.seed;
    noise.master = 1.f;
    noise.gains = spec.multipliers;
    noise.fitTo(static_cast<int>(f.noise_layers.size()));
}

void setTruncation(SourcesState& sources, const Truncation& t) {
    sources.psi = t.psi;
    sources.use_cutoff = t.cutoff >= 0;
    if (t.cutoff >= 0) sources.cutoff = t.cutoff;
}

void selectSubject(const LabSubject& s, const ModelFacts& f, RestoreTargets& t) {
    setTruncation(t.sources, s.truncation);
    t.sources.transform = s.transform.value_or(InputTransform{});
    const int row = placeSource(t.sources.rows, s.source);
    if (s.mix_with) {
        const int col = placeSource(t.sources.cols, *s.mix_with);
        fitMixingToModel(t.mixing, f, static_cast<int>(t.sources.rows.items.size()));
        if (t.mixing.per_row) t.mixing.row_styles[row] = s.styles;
        else t.mixing.styles = s.styles;
        t.lab.selection = {LabSelection::Kind::Cell, row, col};
    } else {
        t.lab.selection = {LabSelection::Kind::RowSource, row, 0};
    }
}

}  // namespace restore

namespace {

using restore::misfit;
using restore::placeSource;
using restore::selectSubject;
using restore::setNoise;
using restore::setTruncation;

void checkStyles(const std::vector<int>& styles, const ModelFacts& f, const std::string& field) {
    for (int s : styles)
        if (s < 0 || s >= f.num_ws)
            misfit(field, "takes ws " + std::to_string(s) + ", but this model has ws 0-" + std::to_string(f.num_ws - 1));
}

void checkNoise(const NoiseSpec& n, const ModelFacts& f, const std::string& field) {
    if (!n.multipliers.empty() && n.multipliers.size() != f.noise_layers.size())
        misfit(field + ".strengths", "has " + std::to_string(n.multipliers.size()) + " noise layers, this model " +
                                         std::to_string(f.noise_layers.size()));
}

void checkSource(const Source& s, const ModelFacts& f, const std::string& field) {
    if (s.kind == Source::Kind::Ws) {   // used as it is: only its shape must fit
        if (s.ws_array->num_ws != f.num_ws || s.ws_array->w_dim != f.w_dim)
            misfit(field, "holds ws of shape [" + std::to_string(s.ws_array->num_ws) + ", " +
                              std::to_string(s.ws_array->w_dim) + "], this model's are [" + std::to_string(f.num_ws) +
                              ", " + std::to_string(f.w_dim) + "]");
        return;
    }
    if (f.c_dim > 0 && (s.class_index < 0 || s.class_index >= f.c_dim))
        misfit(field, "needs a class in 0-" + std::to_string(f.c_dim - 1) + " (this model is conditional)");
    if (f.c_dim == 0 && s.class_index >= 0) misfit(field, "has a class, but this model is unconditional");
}

void setSources(SeedList& list, const std::vector<Source>& sources) {
    list.items = sources;
    list.error.clear();
    list.syncSpec();
}

}  // namespace

void checkRecipeFitsModel(const Recipe& r, const ModelFacts& f) {
    if (r.kind == RecipeKind::NoiseLayers)
        throw std::runtime_error("a noise-layers recipe (paper Fig. 5) has no explorer state; re-render it with "
                                 "`stylemix render`");
    if (isViewRecipe(r)) {
        checkViewRecipeFits(r, f);
        return;
    }
    if (r.mix) {
        if (r.mix->rows.empty() || r.mix->cols.empty()) misfit("mix.rows", "and mix.cols must not be empty");
        if (static_cast<int>(r.mix->rows.size()) > SourcesState::kMaxSources ||
            static_cast<int>(r.mix->cols.size()) > SourcesState::kMaxSources)
            misfit("mix.rows", "has more than " + std::to_string(SourcesState::kMaxSources) + " sources");
        for (std::size_t i = 0; i < r.mix->rows.size(); ++i) checkSource(r.mix->rows[i], f, "mix.rows[" + std::to_string(i) + "]");
        for (std::size_t i = 0; i < r.mix->cols.size(); ++i) checkSource(r.mix->cols[i], f, "mix.cols[" + std::to_string(i) + "]");
        checkStyles(r.mix->styles, f, "mix.styles");
        if (!r.mix->row_styles.empty() && r.mix->row_styles.size() != r.mix->rows.size())
            misfit("mix.row_styles", "has " + std::to_string(r.mix->row_styles.size()) + " rows, mix.rows " +
                                         std::to_string(r.mix->rows.size()));
        for (std::size_t i = 0; i < r.mix->row_styles.size(); ++i)
            checkStyles(r.mix->row_styles[i], f, "mix.row_styles[" + std::to_string(i) + "]");
        checkNoise(r.mix->noise, f, "mix.noise");
        if (r.mix->transform && !f.has_input_transform)
            misfit("mix.input_transform", "moves the input, but this model (" + f.family_label + ") has no transformable input");
    }
    if (r.lab) {
        if (!f.hasNoise()) misfit("lab", "studies noise, but this model (" + f.family_label + ") has no noise inputs");
        checkSource(r.lab->subject.source, f, "lab.subject.source");
        if (r.lab->subject.mix_with) checkSource(*r.lab->subject.mix_with, f, "lab.subject.mix_with");
        checkStyles(r.lab->subject.styles, f, "lab.subject.styles");
        checkNoise(r.lab->noise, f, "lab.noise");
        if (r.lab->samples < 2 || r.lab->samples > LabState::kMaxSamples)
            misfit("lab.samples", "must be in 2-" + std::to_string(LabState::kMaxSamples));
    }
    if (!r.mix && !r.lab) misfit("mix", "is missing");
}

namespace {

// One line per W file of the recipe that moved or changed since (its own ws are used).
std::string wFileNotice(const Recipe& r) {
    std::string notice;
    for (const std::string& line : wFileChanges(recipeSources(r))) notice += (notice.empty() ? "" : "\n") + line;
    return notice;
}

RestoreOutcome restoreMix(const MixRequest& m, const ModelFacts& f, RestoreTargets& t) {
    setSources(t.sources.rows, m.rows);
    setSources(t.sources.cols, m.cols);
    setTruncation(t.sources, m.truncation);
    t.sources.transform = m.transform.value_or(InputTransform{});
    t.mixing.styles = m.styles;
    t.mixing.per_row = !m.row_styles.empty();
    t.mixing.row_styles = m.row_styles;
    t.mixing.paper_note.clear();
    setNoise(t.noise, m.noise, f);
    fitMixingToModel(t.mixing, f, static_cast<int>(m.rows.size()));
    RestoreOutcome out;
    out.view = GridTab::kId;
    out.summary = std::to_string(m.rows.size()) + " x " + std::to_string(m.cols.size()) + ", " +
                  (m.row_styles.empty() ? stylesText(&f, m.styles) : std::string("per-row bands"));
    return out;
}

// A lab recipe: the subject goes into the grid (found, or put at the front) and is selected.
RestoreOutcome restoreLab(const Recipe& r, const ModelFacts& f, RestoreTargets& t) {
    const NoiseLabRequest& lab = *r.lab;
    const LabSubject& s = lab.subject;
    selectSubject(s, f, t);
    setNoise(t.noise, lab.noise, f);
    t.noise.mode = NoiseMode::Random;   // the lab's realisations are random noise under this seed
    t.lab.samples = lab.samples;
    t.lab.keep = std::clamp(lab.keep_images, 1, lab.samples);
    t.lab.gain = lab.stddev_gain;
    t.lab.auto_gain = false;
    if (r.crop) t.lab.crop = clampCrop(*r.crop, f.img_resolution);
    t.lab.zoom = r.zoom;
    RestoreOutcome out;
    out.view = LabTab::kId;
    out.summary = s.source.label() + (s.mix_with ? " with " + s.mix_with->label() : "") + ", K = " + std::to_string(lab.samples);
    return out;
}

}  // namespace

RestoreOutcome applyRecipe(const Recipe& r, const ModelFacts& f, RestoreTargets t, const std::string& source_name) {
    checkRecipeFitsModel(r, f);
    if (isViewRecipe(r)) {
        RestoreOutcome out = restoreViewRecipe(r, f, t, source_name);
        out.notice = wFileNotice(r);
        return out;
    }
    RestoreOutcome out = r.mix ? restoreMix(*r.mix, f, t) : restoreLab(r, f, t);
    out.summary = "restored the " + std::string(recipeKindName(r.kind)) + " of " + source_name + ": " + out.summary;
    out.notice = wFileNotice(r);
    return out;
}

}  // namespace stylemix::gui
