// What a file is, from its first bytes (never its extension), so a wrong file
// is named in plain words before the loader's technical reason: "this is a PNG
// image, not a model file". StyleMix PNGs, WebPs and GIFs (with an embedded
// recipe) and JSON recipes are recognised, so the UI can offer to restore
// them. UI thread; no GL.
#pragma once

#include <string>

namespace stylemix::gui {

enum class FileKind {
    Missing, Folder, Empty,
    Safetensors, Pickle, TorchZip,   // what a model file may be
    Png, StyleMixPng,                // a PNG; one carrying a stylemix-recipe chunk
    StyleMixAnimation,               // a WebP or GIF carrying a recipe (stylemix animate, the Motion tab)
    Json, RecipeJson,                // JSON; one with "stylemix_recipe"
    Npy, Npz,                        // NumPy arrays: W files (model/io/w_file.h), sources for the grid
    Other,
};

struct FileSniff {
    FileKind kind = FileKind::Other;
    std::string recipe_text;   // StyleMixPng / StyleMixAnimation / RecipeJson: the recipe's JSON
    std::string problem;       // StyleMixPng / StyleMixAnimation: why its recipe cannot be read; "" when it can
    std::string foreign;       // Other: what it is when known ("a gzip file, not a model: decompress it first (gunzip)")
};

FileSniff sniffFile(const std::string& path);
bool isRecipe(FileKind kind);
bool mayBeModel(FileKind kind);
bool isWFile(FileKind kind);   // Npy or Npz
// One plain sentence on what the file is when it is not a model ("" for the
// kinds a model may be); recipes end with the offer to restore them.
std::string describeNonModel(const FileSniff& sniff);

}  // namespace stylemix::gui
