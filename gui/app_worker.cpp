// The App's side of the render worker: building and submitting requests,
// and turning results into textures and on-screen state. UI thread only.
#include "gui/app.h"

#include "gui/file_sniff.h"
#include "gui/widgets/labels.h"
#include "gui/harness/process_stats.h"
#include "gui/request_builder.h"
#include "model/core/paper_presets.h"
#include "model/core/text_escape.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>
#include <filesystem>
#include <utility>

namespace stylemix::gui {

void App::requestLoad(const LoadRequest& request) {
    loading_ = true;
    loading_path_ = request.path;
    LoadRequest budgeted = request;
    budgeted.cache_budget_bytes = static_cast<std::size_t>(options_.cache_mib) << 20;
    load_generation_ = worker_->submitLoad(budgeted);
}

bool App::mixInFlight() const { return submitted_.mix && !(mix_done_ == submitted_.mix); }

bool App::labInFlight() const {
    return (submitted_.lab && !(lab_done_ == submitted_.lab)) || (submitted_.split && !(split_done_ == submitted_.split));
}

void App::submitIfChanged() {
    if (!facts_ || loading_) return;   // renders wait for the model they are meant for
    const PanelStates panels{sources_, mixing_, noise_, lab_};
    grid_request_ = buildMixRequest(panels, *facts_);
    RenderRequest desired = buildRenderRequest(panels, facts_.get(), tab_ == Tab::Grid, tab_ == Tab::Lab);
    // A cancelled std-dev map stays cancelled (the old one shown) until a lab setting changes.
    if (cancelled_lab_ && !(desired.lab == cancelled_lab_)) cancelled_lab_.reset();
    if (cancelled_lab_) desired.lab = lab_done_;
    if (last_desired_ && *last_desired_ == desired) return;
    last_desired_ = desired;

    // Parts already on screen are not rendered again; an empty request still
    // goes out when work is in flight, to cancel it (the user went back).
    RenderRequest todo = desired;
    if (todo.mix && mix_done_ == todo.mix) todo.mix.reset();
    if (todo.lab && lab_done_ == todo.lab) todo.lab.reset();
    if (todo.split && split_done_ == todo.split) todo.split.reset();
    const bool nothing = !todo.mix && !todo.lab && !todo.split;
    if (nothing && !mixInFlight() && !labInFlight()) {
        submitted_ = todo;
        return;
    }
    if (todo.mix) {
        fresh_tiles_.clear();
        submitted_mix_ = std::make_shared<const MixRequest>(*todo.mix);
        dimming_.submitted(mixInFlight(), Clock::now());
    }
    submitted_ = todo;
    submitted_generation_ = worker_->submitRender(todo);
    last_error_.clear();
}

void App::drainWorker() {
    while (auto result = worker_->poll()) {
        handle(*result);
        busy_frames_ = std::max(busy_frames_, 2);
    }
}

void App::handle(WorkerResult& r) {
    if (r.kind == WorkerResult::Kind::Load) {
        if (r.generation != load_generation_) return;   // a newer load replaced it
        loading_ = false;
        if (!r.error.empty()) {
            // Say what the file is before the loader's reason; the path field
            // goes back to the model that is still loaded.
            const FileSniff sniff = sniffFile(loading_path_);
            const std::string plain = describeNonModel(sniff);
            const bool for_recipe = pending_restore_.has_value();
            pending_restore_.reset();
            if (facts_) model_panel_.path = facts_->path;
            // Errors quote file contents: their control characters are shown escaped.
            // A file that is no model at all gets its one plain reason; the
            // loader's would only repeat it.
            showError(std::string(for_recipe ? "Could not load the recipe's model " : "Could not load ") +
                          escapeControlChars(loading_path_) + "\n\n" +
                          (plain.empty() ? "Reason: " + escapeControlChars(r.error) : plain) +
                          (facts_ ? "\n\nThe previous model (" + std::filesystem::path(facts_->path).filename().string() +
                                        ") stays loaded."
                                  : std::string()),
                      isRecipe(sniff.kind) ? loading_path_ : std::string());
            return;
        }
        onModelLoaded(r.facts);
        applyPendingRestore();
        return;
    }
    // Renders: only the newest generation counts.
    if (r.generation != submitted_generation_) return;
    if (r.facts) facts_ = r.facts;
    if (!r.error.empty()) {
        if (r.error != last_error_) showError("Rendering failed:\n" + escapeControlChars(r.error));
        last_error_ = r.error;
        return;
    }
    switch (r.kind) {
    case WorkerResult::Kind::MixPartial:
        applyMix(r.mix, false);
        break;
    case WorkerResult::Kind::Mix:
        applyMix(r.mix, true);
        if (session_.startup.full_grid_ms < 0) session_.startup.full_grid_ms = msSinceProcessStart();
        mix_done_ = submitted_.mix;
        mix_complete_ = std::move(r.mix);
        mix_complete_request_ = *submitted_.mix;
        grid_timings_ = mix_complete_.timings;
        grid_wall_ms_ = r.elapsed_ms;
        break;
    case WorkerResult::Kind::LabPartial:
        showLab(std::move(r.lab), true);
        lab_partial_generation_ = r.generation;
        break;
    case WorkerResult::Kind::Lab:
        showLab(std::move(r.lab), false);
        lab_complete_ = lab_result_;
        lab_done_ = submitted_.lab;
        lab_ms_ = r.elapsed_ms;
        break;
    case WorkerResult::Kind::Split:
        textures_.put({ImageSlot::SplitLeft, 0, 0}, r.split_left);
        textures_.put({ImageSlot::SplitRight, 0, 0}, r.split_right);
        split_done_ = submitted_.split;
        split_ms_ = r.elapsed_ms;
        break;
    case WorkerResult::Kind::Load:
        break;
    }
}

void App::applyMix(const MixResult& mix, bool complete) {
    const int rows = static_cast<int>(mix.row_images.size()), cols = static_cast<int>(mix.col_images.size());
    auto put = [&](const ImageKey& key, const ImagePtr& image) {
        // Null: not in this publish. Fresh tiles already hold this request's pixels (from an earlier partial).
        if (!image || fresh_tiles_.count(key)) return;
        textures_.put(key, *image);
        fresh_tiles_.insert(key);
        if (session_.startup.first_tile_ms < 0) session_.startup.first_tile_ms = msSinceProcessStart();
        if (awaiting_first_cell_ && key.slot == ImageSlot::Cell) {
            awaiting_first_cell_ = false;
            session_.step_first_cell_step.push_back(sweep_steps_ - 1);
            session_.step_first_cell_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - last_sweep_).count());
        }
        tile_requests_[key] = submitted_mix_;
    };
    for (int r = 0; r < rows; ++r) put({ImageSlot::RowSource, r, 0}, mix.row_images[r]);
    for (int c = 0; c < cols; ++c) put({ImageSlot::ColSource, 0, c}, mix.col_images[c]);
    for (int r = 0; r < rows && r < static_cast<int>(mix.cells.size()); ++r)
        for (int c = 0; c < cols && c < static_cast<int>(mix.cells[r].size()); ++c)
            put({ImageSlot::Cell, r, c}, mix.cells[r][c]);
    textures_.trim(ImageSlot::RowSource, rows, 1);
    textures_.trim(ImageSlot::ColSource, 1, cols);
    textures_.trim(ImageSlot::Cell, rows, cols);
    if (!complete) mix_done_.reset();   // the screen now mixes old and new tiles
}

void App::onModelLoaded(const std::shared_ptr<const ModelFacts>& facts) {
    if (session_.startup.model_loaded_ms < 0) session_.startup.model_loaded_ms = msSinceProcessStart();
    const std::shared_ptr<const ModelFacts> previous = std::exchange(facts_, facts);
    model_panel_.path = facts->path;
    recent_.add(facts->path);
    if (!recent_.error().empty()) std::fprintf(stderr, "stylemix-gui: recent models: %s\n", recent_.error().c_str());
    noise_.fitTo(static_cast<int>(facts->noise_layers.size()));
    if (options_.paper_fig3) {
        applyPaperFig3();
        options_.paper_fig3 = false;
    }
    if (options_.paper_layout) {   // needs num_ws, so it waits for the first model
        mixing_.paper_note = applyPaperLayout(mixing_, static_cast<int>(sources_.rows.items.size()), *facts);
        options_.paper_layout = false;
    }
    fitMixingToModel(mixing_, *facts, static_cast<int>(sources_.rows.items.size()));
    // Classes and cutoff that no longer fit are clamped, visibly: the panel says what changed.
    sources_.notice.clear();
    for (const std::string& change : fitSourcesToModel(sources_, *facts, previous.get()))
        sources_.notice += (sources_.notice.empty() ? "" : "\n") + change;
    if (!sources_.notice.empty()) {
        export_.message = "Sources changed to fit this model: see the Sources panel";
        export_.message_is_error = false;
    }
    lab_.crop = defaultLabCrop(facts->img_resolution);

    // Nothing on screen belongs to the new model.
    textures_.clear();
    fresh_tiles_.clear();
    tile_requests_.clear();
    mix_done_.reset();
    lab_done_.reset();
    split_done_.reset();
    mix_complete_ = MixResult{};
    lab_result_ = NoiseLabResult{};
    lab_complete_ = NoiseLabResult{};
    lab_partial_ = false;
    grid_timings_.reset();
    lab_ms_.reset();
    split_ms_.reset();
    last_desired_.reset();
    submitted_ = RenderRequest{};
    submitted_generation_ = 0;   // anything still in flight was meant for the old model
    const std::string title = "StyleMix - " + std::filesystem::path(facts->path).filename().string();
    glfwSetWindowTitle(window_, title.c_str());
}

void App::showError(const std::string& message, const std::string& restore_path) {
    std::fprintf(stderr, "stylemix-gui: %s\n", message.c_str());
    if (headless()) {
        fail(message, 2);
        return;
    }
    errors_.push_back({message, restore_path});
}

void App::openPath(const std::string& path) {
    if (isRecipe(sniffFile(path).kind)) {
        restoreFrom(path);
        return;
    }
    model_panel_.path = path;
    requestLoad(LoadRequest{path, model_panel_.device, model_panel_.precision});
}

void App::restoreFrom(const std::string& path) {
    Recipe recipe;
    try {
        recipe = readRecipeFrom(path);
        if (recipe.kind == RecipeKind::NoiseLayers) checkRecipeFitsModel(recipe, ModelFacts{});
    } catch (const std::exception& e) {
        showError(std::string("Cannot restore this file.\n\n") + escapeControlChars(e.what()));
        return;
    }
    pending_restore_ = recipe;
    pending_restore_name_ = std::filesystem::path(path).filename().string();
    if (facts_ && recipeMatchesModel(recipe, *facts_)) {
        applyPendingRestore();
        return;
    }
    // Another model: load it first (onModelLoaded then applies the recipe).
    model_panel_.path = recipe.model_path;
    requestLoad(LoadRequest{recipe.model_path, model_panel_.device, model_panel_.precision});
}

void App::applyPendingRestore() {
    if (!pending_restore_ || !facts_) return;
    const Recipe recipe = std::move(*pending_restore_);
    pending_restore_.reset();
    try {
        const RestoreOutcome outcome =
            applyRecipe(recipe, *facts_, RestoreTargets{sources_, mixing_, noise_, lab_}, pending_restore_name_);
        if (outcome.open_lab) switch_tab_ = Tab::Lab;
        sources_.notice.clear();   // the recipe's sources replaced what a model switch fitted
        export_.message = outcome.summary;
        export_.message_is_error = false;
        if (!recipeMatchesModel(recipe, *facts_))
            export_.message += " (warning: the model's SHA-256 differs from the recipe's)";
    } catch (const std::exception& e) {
        showError("Cannot restore " + pending_restore_name_ + " on " +
                  std::filesystem::path(facts_->path).filename().string() + ":\n\n" + e.what());
    }
}

void App::applyPaperFig3() {
    if (!facts_) return;
    Recipe recipe;
    recipe.kind = RecipeKind::MixGrid;
    recipe.mix = paperFig3Request(*facts_);
    for (auto* list : {&recipe.mix->rows, &recipe.mix->cols})
        for (Source& s : *list) s.class_index = facts_->c_dim > 0 ? 0 : -1;
    try {
        applyRecipe(recipe, *facts_, RestoreTargets{sources_, mixing_, noise_, lab_}, "the paper's Fig. 3");
        mixing_.paper_note = "The paper's Fig. 3: its 6 x 5 seeds, rows 1-3 coarse, 4-5 middle, 6 fine (" +
                             stylesText(facts_.get(), rangeStyles(facts_->coarse)) + " / " +
                             stylesText(facts_.get(), rangeStyles(facts_->middle)) + " / " +
                             stylesText(facts_.get(), rangeStyles(facts_->fine)) + "), psi 1, const noise";
    } catch (const std::exception& e) {
        showError(std::string("Cannot apply the paper's Fig. 3 to this model:\n\n") + e.what());
    }
}

float App::tileDim(const ImageKey& key) const {
    if (!mixInFlight() || fresh_tiles_.count(key)) return 0.f;
    // A tile whose pixels the request in flight leaves as they are is not stale.
    if (const auto it = tile_requests_.find(key); it != tile_requests_.end() && it->second && submitted_.mix &&
                                                  !tileChanges(*it->second, *submitted_.mix, key))
        return 0.f;
    return dimming_.dim(Clock::now());
}

void App::showLab(NoiseLabResult&& lab, bool partial) {
    const int res = facts_->img_resolution;
    for (std::size_t i = 0; i < lab.realisations.size(); ++i)
        textures_.put({ImageSlot::LabRealisation, static_cast<int>(i), 0}, *lab.realisations[i]);
    textures_.trim(ImageSlot::LabRealisation, static_cast<int>(lab.realisations.size()), 1);
    textures_.put({ImageSlot::LabStdDevRaw, 0, 0}, stddevTexelImage(lab, res));
    lab_result_ = std::move(lab);
    lab_partial_ = partial;
    uploadDifferences();
}

void App::uploadDifferences() {
    uploaded_difference_gain_ = lab_.difference_gain;
    const std::vector<Image> diffs = differenceFromMean(lab_result_.realisations, static_cast<float>(lab_.difference_gain));
    for (std::size_t i = 0; i < diffs.size(); ++i) textures_.put({ImageSlot::LabDifference, static_cast<int>(i), 0}, diffs[i]);
    textures_.trim(ImageSlot::LabDifference, static_cast<int>(diffs.size()), 1);
}

ExportSources App::exportSources() const {
    ExportSources s;
    s.facts = facts_.get();
    if (!mix_complete_.row_images.empty()) {   // the last complete grid and the request that made it
        s.mix = &mix_complete_;
        s.mix_request = &mix_complete_request_;
    }
    if (lab_done_) {   // the last complete lab result (not a partial one) and its request
        s.lab = &lab_complete_;
        s.lab_request = &*lab_done_;
    }
    s.crop = lab_.crop;
    s.stddev_gain = lab_.gain;
    s.difference_gain = lab_.difference_gain;
    return s;
}

}  // namespace stylemix::gui
