#include "gui/file_opener.h"

#include <filesystem>

namespace stylemix::gui {

FileOpener::FileOpener() { w_files_.extensions = {".npy", ".npz"}; }

void FileOpener::openModelBrowser(const std::string& current_model, const std::string& last_folder) {
    models_.openAt(current_model);
    std::error_code ec;
    if (!last_folder.empty() && last_folder != models_.dir && std::filesystem::is_directory(last_folder, ec)) models_.go(last_folder);
}

void FileOpener::openWFileBrowser(SourceSide side) {
    w_side_ = side;
    w_files_.title = side == SourceSide::Rows ? "Add W file to the rows (A)" : "Add W file to the columns (B)";
    std::error_code ec;
    if (w_files_.dir.empty() || !std::filesystem::is_directory(w_files_.dir, ec))
        w_files_.go(std::filesystem::current_path(ec).string());
    else
        w_files_.go(w_files_.dir);   // listed afresh: files may have appeared
    w_files_.open_requested = true;
}

std::optional<FileOpener::Chosen> FileOpener::draw() {
    std::optional<Chosen> chosen;
    if (const auto path = drawFileBrowser(models_)) chosen = Chosen{*path, SourceSide::Rows};
    if (const auto path = drawFileBrowser(w_files_)) chosen = Chosen{*path, w_side_};
    return chosen;
}

}  // namespace stylemix::gui
