// The GLSL programs in shaders/, embedded at build time (embed_shaders.cmake).
#pragma once

#include <string>

namespace stylemix::gui {

// The embedded text of shaders/<name>, or nullptr if there is no such file.
const char* embeddedShaderSource(const char* name);

// The shader to compile: $STYLEMIX_SHADER_DIR/<name> when that variable is set
// (live editing), else the embedded copy. Throws naming the file if neither.
std::string shaderSource(const std::string& name);

}  // namespace stylemix::gui
