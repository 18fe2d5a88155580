#include "gui/file_sniff.h"

#include "model/core/recipe.h"
#include "model/io/checked_file.h"
#include "model/io/image_io.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>

namespace stylemix::gui {

namespace {


bool startsWith(const std::string& head, const char* magic, std::size_t n) {
    return head.size() >= n && std::memcmp(head.data(), magic, n) == 0;
}

}  // namespace

FileSniff sniffFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec)) return {FileKind::Folder, {}};
    if (!fs::exists(path, ec)) return {FileKind::Missing, {}};
    try {
        // The checked opener: a FIFO or device is "other", never opened for blocking reads.
        CheckedFile file(path, stylemix::FileKind::Model);
        if (file.size() == 0) return {FileKind::Empty, {}};
        std::string head(16, '\0');
        head.resize(file.readSome(head.data(), head.size()));

        if (startsWith(head, "\x89PNG\r\n\x1a\n", 8)) {
            try {
                const auto text = readPngText(path);
                if (const auto it = text.find(kRecipeTextKey); it != text.end()) return {FileKind::StyleMixPng, it->second};
            } catch (const std::exception&) {
                // A damaged PNG is still a PNG.
            }
            return {FileKind::Png, {}};
        }
        if (startsWith(head, "PK\x03\x04", 4)) return {FileKind::TorchZip, {}};
        if (!head.empty() && static_cast<unsigned char>(head[0]) == 0x80) return {FileKind::Pickle, {}};
        if (head.size() >= 9 && head[8] == '{') return {FileKind::Safetensors, {}};   // u64 header size, then JSON
        const std::size_t first = head.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && (head[first] == '{' || head[first] == '[') && file.size() <= fileKindLimit(stylemix::FileKind::Recipe)) {
            const std::string text = readCheckedText(path, stylemix::FileKind::Recipe);
            const auto json = nlohmann::json::parse(text, nullptr, false);
            if (json.is_discarded()) return {FileKind::Other, {}};
            if (json.is_object() && json.contains("stylemix_recipe")) return {FileKind::RecipeJson, text};
            return {FileKind::Json, {}};
        }
    } catch (const std::exception&) {
        // Not a readable regular file (a FIFO, a device, a socket) or it changed under us.
    }
    return {FileKind::Other, {}};
}

bool isRecipe(FileKind kind) { return kind == FileKind::StyleMixPng || kind == FileKind::RecipeJson; }

bool mayBeModel(FileKind kind) {
    return kind == FileKind::Safetensors || kind == FileKind::Pickle || kind == FileKind::TorchZip;
}

std::string describeNonModel(const FileSniff& sniff) {
    switch (sniff.kind) {
    case FileKind::Missing: return "There is no file at this path.";
    case FileKind::Folder: return "This is a folder, not a model file.";
    case FileKind::Empty: return "This file is empty.";
    case FileKind::Png: return "This is a PNG image, not a model file.";
    case FileKind::StyleMixPng:
        return "This is a PNG image, not a model file - a StyleMix export carrying its recipe: restore the state it was made with?";
    case FileKind::Json: return "This is a JSON file, not a model file.";
    case FileKind::RecipeJson: return "This is a StyleMix JSON recipe, not a model file - open it as a recipe?";
    case FileKind::Other:
        return "This does not look like a model file (neither safetensors, a pickle nor a PyTorch zip).";
    case FileKind::Safetensors:
    case FileKind::Pickle:
    case FileKind::TorchZip: break;
    }
    return {};
}

}  // namespace stylemix::gui
