// The recent-models list and the file browser's last folder, persisted as
// JSON in the user's config directory ({"recent": ["/abs/path", ...],
// "last_folder": "/abs/dir"}, newest first). Owned by the app object; UI
// thread only. Problems reading or writing the file never stop the app: they
// are reported through error().
#pragma once

#include <string>
#include <vector>

namespace stylemix::gui {

// $XDG_CONFIG_HOME/stylemix, else $HOME/.config/stylemix; empty if neither is set.
std::string defaultConfigDir();

class RecentModels {
public:
    static constexpr std::size_t kMaxEntries = 10;

    // `file` empty = keep the list in memory only.
    explicit RecentModels(std::string file = {});

    void load();                            // a missing file is an empty list
    void add(const std::string& path);      // to the front (absolute, no duplicates), then saved
    void remove(const std::string& path);   // then saved
    const std::vector<std::string>& paths() const { return paths_; }
    const std::string& lastFolder() const { return last_folder_; }
    void setLastFolder(const std::string& dir);   // then saved
    const std::string& file() const { return file_; }
    const std::string& error() const { return error_; }

private:
    void save();
    std::string file_;
    std::vector<std::string> paths_;
    std::string last_folder_;
    std::string error_;
};

}  // namespace stylemix::gui
