#include "model/core/runtime_library.h"

#include <filesystem>
#include <system_error>

namespace stylemix {

std::string runtimeLibraryPath(const std::string& file_name) {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return file_name;   // the loader's own search path
    const std::filesystem::path dir = exe.parent_path();
    for (const std::filesystem::path& candidate : {dir / file_name, dir / ".." / "lib" / "stylemix" / file_name})
        if (std::filesystem::exists(candidate, ec)) return candidate.lexically_normal().string();
    return (dir / file_name).string();
}

}  // namespace stylemix
