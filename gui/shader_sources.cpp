#include "gui/shader_sources.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stylemix::gui {

std::string shaderSource(const std::string& name) {
    if (const char* dir = std::getenv("STYLEMIX_SHADER_DIR"); dir && *dir) {
        const std::string path = std::string(dir) + "/" + name;
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read shader " + path + " (STYLEMIX_SHADER_DIR is set)");
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    if (const char* text = embeddedShaderSource(name.c_str())) return text;
    throw std::runtime_error("no embedded shader named " + name);
}

}  // namespace stylemix::gui
