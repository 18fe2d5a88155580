#include "gui/file_sniff.h"

#include "model/core/recipe.h"
#include "model/io/animation_recipe.h"
#include "model/io/checked_file.h"
#include "model/io/file_magic.h"
#include "model/io/png_text.h"
#include "model/io/strict_json.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <vector>

namespace stylemix::gui {

namespace {


FileSniff sniffed(FileKind kind, std::string recipe_text = {}, std::string problem = {}, std::string foreign = {}) {
    FileSniff s;
    s.kind = kind;
    s.recipe_text = std::move(recipe_text);
    s.problem = std::move(problem);
    s.foreign = std::move(foreign);
    return s;
}

bool startsWith(const std::string& head, const char* magic, std::size_t n) {
    return head.size() >= n && std::memcmp(head.data(), magic, n) == 0;
}

// A PNG, and whether it carries a recipe (read with the recipe's 4 MiB limit,
// chunk by chunk: a huge embedded one is named, never read).
FileSniff sniffPng(CheckedFile& file) {
    try {
        std::optional<std::string> text = readPngTextEntry(file, kRecipeTextKey, fileKindLimit(stylemix::FileKind::Recipe));
        if (text) return sniffed(FileKind::StyleMixPng, std::move(*text));
    } catch (const PngTextTooLarge& e) {
        return sniffed(FileKind::StyleMixPng, {}, e.what());   // restoring it says why it cannot be read
    } catch (const std::exception&) {
        // A damaged PNG is still a PNG.
    }
    return sniffed(FileKind::Png);
}

// A WebP or GIF, and whether it carries a recipe (read chunk by chunk with the
// recipe's limit). One without is a plain image; one whose recipe cannot be read
// (cut short, over 4 MiB) is a StyleMix animation whose restore says why.
FileSniff sniffAnimation(CheckedFile& file, const std::string& head) {
    try {
        std::optional<std::string> text = readAnimationRecipe(file, fileKindLimit(stylemix::FileKind::Recipe));
        if (text) return sniffed(FileKind::StyleMixAnimation, std::move(*text));
    } catch (const std::exception& e) {
        if (std::string(e.what()).find("holds no StyleMix recipe") == std::string::npos)
            return sniffed(FileKind::StyleMixAnimation, {}, e.what());
    }
    return sniffed(FileKind::Other, {}, {}, startsWith(head, "GIF", 3) ? "a GIF image, not a model" : "a WebP image, not a model");
}

// JSON, and whether it is a recipe. Parsed with the bounded parser; a document
// it stops on (too deep, too many values) still counts as a recipe when its
// top level says so, so restoring it reports the problem.
FileSniff sniffJson(std::string text) {
    const auto* begin = reinterpret_cast<const std::uint8_t*>(text.data());
    StrictJsonResult parsed;
    try {
        parsed = parseStrictJson(begin, begin + text.size());
    } catch (const std::exception&) {
        return sniffed(FileKind::Other);
    }
    if (parsed.value.is_object() && parsed.value.contains("stylemix_recipe")) return sniffed(FileKind::RecipeJson, std::move(text));
    return sniffed(FileKind::Json);
}

// A zip is an .npz when its first member is a .npy (numpy.savez names every
// member "<name>.npy"); a PyTorch zip's first member is "<archive>/data.pkl".
bool isNpzZip(CheckedFile& file) {
    constexpr std::uint64_t kLocalHeader = 30;   // zip local file header; the name follows
    if (file.size() < kLocalHeader) return false;
    std::uint8_t header[kLocalHeader];
    file.readAt(header, kLocalHeader, 0);
    const std::size_t name_length = header[26] | (header[27] << 8);
    if (name_length < 4 || kLocalHeader + name_length > file.size()) return false;
    std::string name(name_length, '\0');
    file.readAt(name.data(), name_length, kLocalHeader);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name.compare(name.size() - 4, 4, ".npy") == 0;
}

}  // namespace

FileSniff sniffFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec)) return sniffed(FileKind::Folder);
    if (!fs::exists(path, ec)) return sniffed(FileKind::Missing);
    try {
        // The checked opener: a FIFO or device is "other", never opened for blocking reads.
        CheckedFile file(path, stylemix::FileKind::Model);
        if (file.size() == 0) return sniffed(FileKind::Empty);
        std::string head(16, '\0');
        head.resize(file.readSome(head.data(), head.size()));

        if (startsWith(head, "\x89PNG\r\n\x1a\n", 8)) return sniffPng(file);
        if (startsWithAnimationSignature(file)) return sniffAnimation(file, head);
        if (startsWith(head, "\x93NUMPY", 6)) return sniffed(FileKind::Npy);
        if (startsWith(head, "PK\x03\x04", 4)) return sniffed(isNpzZip(file) ? FileKind::Npz : FileKind::TorchZip);
        if (!head.empty() && static_cast<unsigned char>(head[0]) == 0x80) return sniffed(FileKind::Pickle);
        if (head.size() >= 9 && head[8] == '{' && head[7] == '\0') return sniffed(FileKind::Safetensors);   // u64 header size, then JSON
        const std::size_t first = head.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && (head[first] == '{' || head[first] == '[') && file.size() <= fileKindLimit(stylemix::FileKind::Recipe))
            return sniffJson(readCheckedText(path, stylemix::FileKind::Recipe));
        // A compressed or archived download, an image, ...: named as the CLI names it.
        std::vector<std::uint8_t> magic(std::min<std::uint64_t>(file.size(), kForeignMagicBytes));
        file.readAt(magic.data(), magic.size(), 0);
        return sniffed(FileKind::Other, {}, {}, describeForeignFile(magic.data(), magic.size()));
    } catch (const std::exception&) {
        // Not a readable regular file (a FIFO, a device, a socket) or it changed under us.
    }
    return sniffed(FileKind::Other);
}

bool isRecipe(FileKind kind) {
    return kind == FileKind::StyleMixPng || kind == FileKind::StyleMixAnimation || kind == FileKind::RecipeJson;
}

bool isWFile(FileKind kind) { return kind == FileKind::Npy || kind == FileKind::Npz; }

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
    case FileKind::StyleMixAnimation:
        return "This is an animation (WebP or GIF), not a model file - a StyleMix export carrying its recipe: restore the state it was made with?";
    case FileKind::Json: return "This is a JSON file, not a model file.";
    case FileKind::RecipeJson: return "This is a StyleMix JSON recipe, not a model file - open it as a recipe?";
    case FileKind::Npy:
    case FileKind::Npz:
        return "This is a NumPy " + std::string(sniff.kind == FileKind::Npy ? ".npy" : ".npz") +
               " file (a W file?), not a model file: drop it onto the grid or use \"Add W file...\" in the Sources "
               "panel to use its ws as sources.";
    case FileKind::Other:
        if (!sniff.foreign.empty()) return "This is " + sniff.foreign + ".";
        return "This does not look like a model file (neither safetensors, a pickle nor a PyTorch zip).";
    case FileKind::Safetensors:
    case FileKind::Pickle:
    case FileKind::TorchZip: break;
    }
    return {};
}

}  // namespace stylemix::gui
