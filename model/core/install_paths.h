// Where the programs find their data: relative to themselves, so an installed
// prefix works wherever it is moved, and a build tree works in place.
// Torch-free.
#pragma once

#include <string>

namespace stylemix {

// The folder of the running executable (from /proc/self/exe), or "" when the
// link cannot be read.
std::string executableDir();

// The model the programs open when none is named (the bundled avatars64), the
// first of these that exists:
//   1. <executableDir>/../share/stylemix/avatars64.safetensors: an installed
//      prefix (`cmake --install`, the .deb), wherever it has been moved;
//   2. the source tree's assets/avatars64.safetensors, compiled in
//      (STYLEMIX_BUILD_TREE_MODEL), so that build/app/stylemix runs from its
//      build tree. An installed program only reaches it when (1) is missing.
// When neither exists: the installed location (1), so that the error names
// where the file was expected; (2) if the executable's folder is unknown.
std::string defaultModelPath();

// Where StyleMix's own run-time libraries (the render engines the explorer and
// the CLI load on demand) are: <executableDir>/<file_name> (a build tree), else
// <executableDir>/../lib/stylemix/<file_name> (an installed prefix, wherever it
// was moved). When neither exists: the first, so that an error names where it
// was expected; the bare name if the executable's folder is unknown.
std::string runtimeLibraryPath(const std::string& file_name);

}  // namespace stylemix
