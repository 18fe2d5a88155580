#include "gui/gl/shader_sources.h"

#include "model/io/checked_file.h"

#include <cstdlib>
#include <stdexcept>

namespace stylemix::gui {

std::string shaderSource(const std::string& name) {
    if (const char* dir = std::getenv("STYLEMIX_SHADER_DIR"); dir && *dir) {
        const std::string path = std::string(dir) + "/" + name;
        try {
            return readCheckedText(path, FileKind::Settings);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("cannot read shader (STYLEMIX_SHADER_DIR is set): ") + e.what());
        }
    }
    if (const char* text = embeddedShaderSource(name.c_str())) return text;
    throw std::runtime_error("no embedded shader named " + name);
}

}  // namespace stylemix::gui
