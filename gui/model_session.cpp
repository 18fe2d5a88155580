#include "gui/model_session.h"

#include "gui/file_sniff.h"
#include "gui/views/influence/influence_tab.h"
#include "gui/views/lab/lab_tab.h"
#include "gui/views/layers/layers_tab.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/widgets/labels.h"
#include "model/core/paper_presets.h"
#include "model/core/text_escape.h"

#include <cstdio>
#include <filesystem>
#include <tuple>

namespace stylemix::gui {
namespace {

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// The restored view's own settings go to that view (the panels' part is restored already).
void handToViews(const RestoreOutcome& outcome, ViewHost& host) {
    if (outcome.layers)
        if (LayersTab* layers = host.find<LayersTab>()) layers->state() = *outcome.layers;
    if (outcome.influence)
        if (InfluenceTab* influence = host.find<InfluenceTab>()) influence->state() = *outcome.influence;
    if (outcome.motion)
        if (MotionTab* motion = host.find<MotionTab>()) motion->state() = *outcome.motion;
    if (outcome.view == LabTab::kId)
        if (LabTab* lab = host.find<LabTab>()) {   // a noise-by-layer recipe's strip, else the realisations
            lab->showByLayer(outcome.by_layer_samples.has_value());
            if (outcome.by_layer_samples) lab->byLayer().samples = *outcome.by_layer_samples;
        }
}

}  // namespace

ModelSession::ModelSession(const AppOptions& options, ViewHost& host, Panels& panels, ExportState& exports,
                           TextureStore& textures, SessionOutlets outlets)
    : host_(host), panels_(panels), exports_(exports), textures_(textures), outlets_(std::move(outlets)),
      cache_budget_bytes_(static_cast<std::size_t>(options.cache_mib) << 20), paper_fig3_(options.paper_fig3),
      paper_layout_(options.paper_layout) {
    const std::string config_dir = options.config_dir.empty() ? defaultConfigDir() : options.config_dir;
    recent_ = RecentModels(config_dir.empty() ? std::string() : config_dir + "/recent_models.json");
    recent_.load();
    if (options.rows && specNeedsModel(*options.rows)) startup_rows_ = options.rows;
    if (options.cols && specNeedsModel(*options.cols)) startup_cols_ = options.cols;
    model_panel_.path = options.model;
    model_panel_.device = options.device;
    model_panel_.precision = options.precision;
}

void ModelSession::load(const std::string& path) {
    model_panel_.path = path;
    load(LoadRequest{path, model_panel_.device, model_panel_.precision});
}

void ModelSession::load(const LoadRequest& request) {
    LoadRequest budgeted = request;
    budgeted.cache_budget_bytes = cache_budget_bytes_;
    host_.load(budgeted);
}

void ModelSession::open(const std::string& path) {
    if (isRecipe(sniffFile(path).kind)) restore(path);
    else load(path);
}

void ModelSession::restore(const std::string& path) {
    Recipe recipe;
    try {
        recipe = readRecipeFrom(path);
        if (recipe.kind == RecipeKind::NoiseLayers) checkRecipeFitsModel(recipe, ModelFacts{});
    } catch (const std::exception& e) {
        outlets_.error({std::string("Cannot restore this file.\n\n") + escapeControlChars(e.what()), {}});
        return;
    }
    pending_restore_ = recipe;
    pending_restore_name_ = fileName(path);
    if (facts_ && recipeMatchesModel(recipe, *facts_)) {
        applyPendingRestore();
        return;
    }
    load(recipe.model_path);   // another model: load it first (loaded() then applies the recipe)
}

void ModelSession::loaded(const WorkerResult& result) {
    if (!result.error.empty()) {
        loadFailed(result.error);
        return;
    }
    modelChanged(result.facts);
    applyPendingRestore();
}

// Says what the file is before the loader's reason; the path field goes back
// to the model that is still loaded.
void ModelSession::loadFailed(const std::string& error) {
    const std::string path = host_.loadingPath();
    const FileSniff sniff = sniffFile(path);
    const std::string plain = describeNonModel(sniff);
    const bool for_recipe = pending_restore_.has_value();
    pending_restore_.reset();
    if (facts_) model_panel_.path = facts_->path;
    // Errors quote file contents: their control characters are shown escaped. A file
    // that is no model at all gets its one plain reason; the loader's would only repeat it.
    outlets_.error({std::string(for_recipe ? "Could not load the recipe's model " : "Could not load ") +
                        escapeControlChars(path) + "\n\n" +
                        (plain.empty() ? "Reason: " + escapeControlChars(error) : plain) +
                        (facts_ ? "\n\nThe previous model (" + fileName(facts_->path) + ") stays loaded." : std::string()),
                    isRecipe(sniff.kind) ? path : std::string()});
}

void ModelSession::modelChanged(const std::shared_ptr<const ModelFacts>& facts) {
    const std::shared_ptr<const ModelFacts> previous = std::exchange(facts_, facts);
    model_panel_.path = facts->path;
    recent_.add(facts->path);
    if (!recent_.error().empty()) std::fprintf(stderr, "stylemix-gui: recent models: %s\n", recent_.error().c_str());
    panels_.noise.fitTo(static_cast<int>(facts->noise_layers.size()));
    applyStartupLayout();
    fitMixingToModel(panels_.mixing, *facts, static_cast<int>(panels_.sources.rows.items.size()));
    // Classes and cutoff that no longer fit are clamped, visibly: the panel says what changed.
    panels_.sources.notice.clear();
    for (const std::string& change : fitSourcesToModel(panels_.sources, *facts, previous.get()))
        panels_.sources.notice += (panels_.sources.notice.empty() ? "" : "\n") + change;
    if (!panels_.sources.notice.empty()) {
        exports_.message = "Sources changed to fit this model: see the Sources panel";
        exports_.message_is_error = false;
    }
    panels_.lab.crop = defaultLabCrop(facts->img_resolution);
    textures_.clear();   // nothing on screen belongs to the new model
    host_.modelChanged();
    outlets_.title("StyleMix - " + fileName(facts->path));
}

// --paper-fig3 and --paper-layout need the model's ws: they wait for the first one.
void ModelSession::applyStartupLayout() {
    for (auto [spec, list, flag] : {std::make_tuple(&startup_rows_, &panels_.sources.rows, "--rows"),
                                    std::make_tuple(&startup_cols_, &panels_.sources.cols, "--cols")}) {
        if (!*spec) continue;
        if (!setSpec(*list, **spec, facts_.get()).empty())
            outlets_.error({std::string(flag) + " " + escapeControlChars(**spec) + ": " + escapeControlChars(list->error), {}});
        spec->reset();
    }
    if (std::exchange(paper_fig3_, false)) applyPaperFig3();
    if (std::exchange(paper_layout_, false))
        panels_.mixing.paper_note =
            applyPaperLayout(panels_.mixing, static_cast<int>(panels_.sources.rows.items.size()), *facts_);
}

void ModelSession::applyPendingRestore() {
    if (!pending_restore_ || !facts_) return;
    const Recipe recipe = std::move(*pending_restore_);
    pending_restore_.reset();
    try {
        const RestoreOutcome outcome = applyRecipe(recipe, *facts_, panels_.targets(), pending_restore_name_);
        handToViews(outcome, host_);
        if (!outcome.view.empty()) outlets_.show_view(outcome.view);
        // The recipe's sources replaced what a model switch fitted; W files that moved are named.
        panels_.sources.notice = outcome.notice;
        exports_.message = outcome.summary + (outcome.notice.empty() ? "" : " (W files changed: see the Sources panel)");
        exports_.message_is_error = false;
        if (!recipeMatchesModel(recipe, *facts_)) exports_.message += " (warning: the model's SHA-256 differs from the recipe's)";
    } catch (const std::exception& e) {
        outlets_.error({"Cannot restore " + pending_restore_name_ + " on " + fileName(facts_->path) + ":\n\n" + e.what(), {}});
    }
}

void ModelSession::applyPaperFig3() {
    if (!facts_) return;
    Recipe recipe;
    recipe.kind = RecipeKind::MixGrid;
    recipe.mix = paperFig3Request(*facts_);
    for (auto* list : {&recipe.mix->rows, &recipe.mix->cols})
        for (Source& s : *list) s.class_index = facts_->c_dim > 0 ? 0 : -1;
    try {
        applyRecipe(recipe, *facts_, panels_.targets(), "the paper's Fig. 3");
        panels_.mixing.paper_note = "The paper's Fig. 3: its 6 x 5 seeds, rows 1-3 coarse, 4-5 middle, 6 fine (" +
                                    stylesText(facts_.get(), rangeStyles(facts_->coarse)) + " / " +
                                    stylesText(facts_.get(), rangeStyles(facts_->middle)) + " / " +
                                    stylesText(facts_.get(), rangeStyles(facts_->fine)) + "), psi 1, const noise";
    } catch (const std::exception& e) {
        outlets_.error({std::string("Cannot apply the paper's Fig. 3 to this model:\n\n") + e.what(), {}});
    }
}

}  // namespace stylemix::gui
