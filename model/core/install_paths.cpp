#include "model/core/install_paths.h"

#include <filesystem>
#include <system_error>

#ifndef STYLEMIX_BUILD_TREE_MODEL
#error "STYLEMIX_BUILD_TREE_MODEL must name the source tree's bundled model (set by the root CMakeLists.txt)"
#endif

namespace stylemix {

namespace fs = std::filesystem;

std::string executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().string();
}

std::string defaultModelPath() {
    constexpr const char* kModel = "avatars64.safetensors";
    const std::string dir = executableDir();
    std::error_code ec;
    fs::path installed;
    if (!dir.empty()) {
        installed = (fs::path(dir) / ".." / "share" / "stylemix" / kModel).lexically_normal();
        if (fs::is_regular_file(installed, ec)) return installed.string();
    }
    const fs::path build_tree = STYLEMIX_BUILD_TREE_MODEL;
    if (fs::is_regular_file(build_tree, ec)) return build_tree.string();
    return installed.empty() ? build_tree.string() : installed.string();
}

std::string runtimeLibraryPath(const std::string& file_name) {
    const std::string dir = executableDir();
    if (dir.empty()) return file_name;   // the loader's own search path
    std::error_code ec;
    for (const fs::path& candidate : {fs::path(dir) / file_name, fs::path(dir) / ".." / "lib" / "stylemix" / file_name})
        if (fs::exists(candidate, ec)) return candidate.lexically_normal().string();
    return (fs::path(dir) / file_name).string();
}

}  // namespace stylemix
