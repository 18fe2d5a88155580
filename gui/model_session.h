// Which model the explorer shows and how it got there: loads (from the model
// panel, the browser, a drop, the recent list), their outcome (the panels
// fitted to the new model, or a plain error while the old model stays), and
// recipes restored onto the loaded model or onto the model they name, loaded
// first. UI thread only.
#pragma once

#include "gui/app_options.h"
#include "gui/gl/texture_store.h"
#include "gui/panels/error_dialog.h"
#include "gui/panels/export_panel.h"
#include "gui/panels/model_panel.h"
#include "gui/panels/panels.h"
#include "gui/recent_models.h"
#include "gui/view_host.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace stylemix::gui {

// What the session changes outside itself.
struct SessionOutlets {
    std::function<void(ErrorEntry)> error;              // shows an error dialog
    std::function<void(const std::string&)> show_view;  // switches the main area to a view
    std::function<void(const std::string&)> title;      // the window title
};

class ModelSession {
public:
    ModelSession(const AppOptions& options, ViewHost& host, Panels& panels, ExportState& exports,
                 TextureStore& textures, SessionOutlets outlets);

    const std::shared_ptr<const ModelFacts>& facts() const { return facts_; }
    ModelPanelState& modelPanel() { return model_panel_; }
    RecentModels& recent() { return recent_; }

    void load(const std::string& path);   // with the model panel's device and precision
    void load(const LoadRequest& request);
    // A path from a drop, the browser or the recent list: a recipe (StyleMix
    // PNG or JSON) restores the state it holds, anything else loads as a model.
    void open(const std::string& path);
    void restore(const std::string& path);
    // A load's result (ViewHost::drain).
    void loaded(const WorkerResult& result);
    // The paper's Fig. 3 seeds and bands on the loaded model.
    void applyPaperFig3();

private:
    void modelChanged(const std::shared_ptr<const ModelFacts>& facts);
    void applyStartupLayout();
    void applyPendingRestore();
    void loadFailed(const std::string& error);

    ViewHost& host_;
    Panels& panels_;
    ExportState& exports_;
    TextureStore& textures_;
    SessionOutlets outlets_;
    std::size_t cache_budget_bytes_;
    bool paper_fig3_, paper_layout_;   // start-up options, applied to the first model
    std::optional<std::string> startup_rows_, startup_cols_;   // --rows / --cols naming W files: the first model's
    std::shared_ptr<const ModelFacts> facts_;
    ModelPanelState model_panel_;
    RecentModels recent_;
    std::optional<Recipe> pending_restore_;   // waits for its model to load
    std::string pending_restore_name_;
};

}  // namespace stylemix::gui
