// The explorer's two file dialogs: "Open model" (models and recipes) and
// "Add W file..." (.npy / .npz for one side's sources). Opening them (where
// they start) and drawing them; what a chosen file does is the App's
// (App::openFile). UI thread.
#pragma once

#include "gui/panels/file_browser.h"
#include "gui/panels/sources_panel.h"

#include <optional>
#include <string>

namespace stylemix::gui {

class FileOpener {
public:
    FileOpener();

    // At the current model's folder, or `last_folder` (where the browser was last, any session) when it still exists.
    void openModelBrowser(const std::string& current_model, const std::string& last_folder);
    // At the folder it showed last (listed afresh), else the working directory.
    void openWFileBrowser(SourceSide side);

    struct Chosen {
        std::string path;
        SourceSide side = SourceSide::Rows;   // for a W file: the list it joins
    };
    // Draws whichever dialog is open; the file chosen this frame, if any.
    std::optional<Chosen> draw();
    // The model browser's folder (to remember across sessions).
    const std::string& modelFolder() const { return models_.dir; }

private:
    FileBrowserState models_;
    FileBrowserState w_files_;
    SourceSide w_side_ = SourceSide::Rows;
};

}  // namespace stylemix::gui
