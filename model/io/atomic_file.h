// Output files that are either completely written or not there at all.
#pragma once

#include <cstddef>
#include <string>

namespace stylemix {

// Writes `size` bytes to `path` via a unique temp file in the same directory
// (".<name>.tmp.XXXXXX"), fsync, then rename over the target, so readers never
// see a partial file. A new file gets mode 0644; an existing target keeps its
// mode. On failure the temp file is removed, the target is left untouched, and
// std::runtime_error names the path, the failing step and the errno text.
void writeFileAtomic(const std::string& path, const void* data, std::size_t size);
void writeFileAtomic(const std::string& path, const std::string& data);

// Creates `dir` and any missing parents (like mkdir -p). Throws
// std::runtime_error if a component exists but is not a directory, or if
// creation fails.
void ensureDirectory(const std::string& dir);

}  // namespace stylemix
