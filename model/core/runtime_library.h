// Where StyleMix's own run-time libraries (the render engines the explorer and
// the CLI load on demand) are found: beside the running executable (a build
// tree), else in ../lib/stylemix relative to it (an installed prefix, wherever
// it was moved).
#pragma once

#include <string>

namespace stylemix {

// The path of `file_name` in the first of those places that has it; when none
// does, the path beside the executable (so an error names where it was expected).
std::string runtimeLibraryPath(const std::string& file_name);

}  // namespace stylemix
