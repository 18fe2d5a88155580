#include "gui/recent_models.h"

#include "model/io/atomic_file.h"
#include "model/io/checked_file.h"
#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace stylemix::gui {

std::string defaultConfigDir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/stylemix";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/stylemix";
    return {};
}

RecentModels::RecentModels(std::string file) : file_(std::move(file)) {}

void RecentModels::load() {
    paths_.clear();
    last_folder_.clear();
    error_.clear();
    if (file_.empty()) return;
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return;   // first run: nothing remembered yet
    try {
        // Depth- and size-limited like every JSON the program reads (a hand-edited file may be anything).
        const auto json = parseJsonText(readCheckedText(file_, FileKind::Settings), file_);
        for (const auto& entry : json.at("recent"))
            if (entry.is_string() && paths_.size() < kMaxEntries) paths_.push_back(entry.get<std::string>());
        if (json.contains("last_folder") && json.at("last_folder").is_string())
            last_folder_ = json.at("last_folder").get<std::string>();
    } catch (const std::exception& e) {
        error_ = "ignoring " + file_ + ": " + e.what();
        paths_.clear();
        last_folder_.clear();
    }
}

void RecentModels::add(const std::string& path) {
    std::error_code ec;
    std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
    if (ec) absolute = path;
    paths_.erase(std::remove(paths_.begin(), paths_.end(), absolute), paths_.end());
    paths_.insert(paths_.begin(), absolute);
    if (paths_.size() > kMaxEntries) paths_.resize(kMaxEntries);
    save();
}

void RecentModels::remove(const std::string& path) {
    paths_.erase(std::remove(paths_.begin(), paths_.end(), path), paths_.end());
    save();
}

void RecentModels::setLastFolder(const std::string& dir) {
    last_folder_ = dir;
    save();
}

void RecentModels::save() {
    if (file_.empty()) return;
    try {
        ensureDirectory(std::filesystem::path(file_).parent_path().string());
        writeFileAtomic(file_, nlohmann::json{{"recent", paths_}, {"last_folder", last_folder_}}.dump(2) + "\n");
        error_.clear();
    } catch (const std::exception& e) {
        error_ = e.what();
    }
}

}  // namespace stylemix::gui
