// The fixtures of round 4 of the hostile inputs (issue 24, tests/hostile_round4.h):
// recipes of the four new kinds (layer, influence, noise-by-layer, animation) and
// WebP, GIF and PNG containers written byte by byte around a recipe, so each can lie
// in exactly one way. Included once, by tests/hostile_round4.h, after round 3's fixtures.
#pragma once

#include "hostile_harness.h"
#include "hostile_round3_fixtures.h"

#include "model/io/png_text.h"

namespace {

using Edit = std::function<void(nlohmann::json&)>;

// (test_hostile_inputs.cpp's fifo and symlinkTo come after this header.)
std::string fifoAt(const fs::path& path) {
    EXPECT_EQ(::mkfifo(path.c_str(), 0644), 0) << path;
    return path.string();
}

std::string linkTo(const fs::path& link, const std::string& target) {
    fs::create_symlink(target, link);
    return link.string();
}

nlohmann::json subject(std::uint64_t seed) {
    return {{"source", source(seed)}, {"styles", nlohmann::json::array()}, {"truncation", {{"psi", 1.0}, {"cutoff", nullptr}}},
            {"mix_with", nullptr}};
}

// A recipe of `kind` for the bundled model whose body (under `key`) is `body`, changed by `edit`, written to dir/name.
std::string kindRecipe(const fs::path& dir, const std::string& kind, const std::string& key, nlohmann::json body,
                       const Edit& edit, const std::string& name) {
    nlohmann::json j = {{"stylemix_recipe", 1}, {"kind", kind}, {"model", {{"path", kModel}, {"sha256", ""}}}, {key, std::move(body)}};
    edit(j);
    writeBytes(dir / name, j.dump());
    return (dir / name).string();
}

std::string layerRecipe(const fs::path& dir, const Edit& edit = [](nlohmann::json&) {}) {
    const nlohmann::json view = {{"display", "channels"}, {"base_channel", 0}, {"sel_channels", 3}, {"normalize", true},
                                 {"gain_db", 0.0}, {"fft", false}, {"fft_all", false}, {"fft_range_db", 30.0},
                                 {"fft_beta", 8.0}, {"untransform", false}};
    return kindRecipe(dir, "layer", "layer", {{"subject", subject(0)}, {"noise", constNoise()}, {"layer", "b8.conv0"}, {"view", view}},
                      edit, "layer.json");
}

std::string influenceRecipe(const fs::path& dir, const Edit& edit = [](nlohmann::json&) {}) {
    const nlohmann::json bands = {{{"label", "coarse"}, {"styles", {0, 1, 2, 3}}}, {{"label", "fine"}, {"styles", {8, 9}}}};
    return kindRecipe(dir, "influence", "influence",
                      {{"a", source(0)}, {"b", source(1)}, {"bands", bands}, {"truncation", {{"psi", 1.0}, {"cutoff", nullptr}}},
                       {"noise", constNoise()}, {"threshold", 8}},
                      edit, "influence.json");
}

std::string noiseByLayerRecipe(const fs::path& dir, const Edit& edit = [](nlohmann::json&) {}) {
    return kindRecipe(dir, "noise-by-layer", "noise_by_layer", {{"subject", subject(0)}, {"noise", constNoise()}, {"samples", 2}},
                      edit, "by_layer.json");
}

// A noise cycle of 2 frames at 15 fps (the JSON text, for containers) changed by `edit`.
std::string animationRecipeText(const Edit& edit = [](nlohmann::json&) {}) {
    nlohmann::json j = {{"stylemix_recipe", 1}, {"kind", "animation"}, {"model", {{"path", kModel}, {"sha256", ""}}},
                        {"animation", {{"kind", "noise"}, {"subject", subject(0)}, {"walk_to", nullptr}, {"space", "w"},
                                       {"noise", {{"mode", "random"}, {"seed", 0}, {"strengths", nlohmann::json::array()}}},
                                       {"frames", 2}, {"fps", 15.0}}}};
    edit(j);
    return j.dump();
}

std::string animationRecipe(const fs::path& dir, const Edit& edit = [](nlohmann::json&) {}) {
    writeBytes(dir / "animation.json", animationRecipeText(edit));
    return (dir / "animation.json").string();
}

// A recipe the walk must reach to be refused by its field: proves a slow container walk ended.
std::string zeroFpsRecipe() { return animationRecipeText([](nlohmann::json& j) { j["animation"]["fps"] = 0; }); }

std::vector<std::string> animate(const std::string& recipe, const fs::path& dir) {
    return {"animate", recipe, "-o", (dir / "a.webp").string()};
}

// ---- containers, byte by byte ------------------------------------------------------

std::string le32(std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    return s;
}

// A RIFF chunk: fourcc, the length it claims (its data's by default), data, the pad to an even size.
std::string riffChunk(const std::string& fourcc, const std::string& data, std::int64_t claimed = -1) {
    const auto length = static_cast<std::uint32_t>(claimed < 0 ? static_cast<std::int64_t>(data.size()) : claimed);
    return fourcc + le32(length) + data + (data.size() % 2 ? std::string(1, '\0') : std::string());
}

// A frame chunk as WebPAnimEncoder lays them out (its payload is never decoded by the recipe reader).
std::string webpFrame() { return riffChunk("ANMF", std::string(16, '\0') + riffChunk("VP8L", std::string(10, '\x2f'))); }

// A WebP: VP8X, ANIM, two frames, then `tail` (the recipe chunk, as StyleMix writes it), its RIFF size exact.
std::string webpAround(const std::string& tail) {
    const std::string body = "WEBP" + riffChunk("VP8X", std::string(10, '\0')) + riffChunk("ANIM", std::string(6, '\0')) +
                             webpFrame() + webpFrame() + tail;
    return "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body;
}

std::string webpWithRecipe(const std::string& recipe) { return webpAround(riffChunk("SMRC", recipe)); }

// A GIF comment extension of `text` in sub-blocks of at most `block` bytes.
std::string gifComment(const std::string& text, std::size_t block = 255) {
    std::string out("\x21\xFE", 2);
    for (std::size_t i = 0; i < text.size(); i += block) {
        const std::string part = text.substr(i, block);
        out += static_cast<char>(part.size());
        out += part;
    }
    return out + std::string(1, '\0');
}

// A 1x1 GIF89a: screen descriptor without a colour table, `before` (extensions), one image, the trailer.
std::string gifAround(const std::string& before) {
    const std::string header = std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00", 13);
    const std::string image = std::string("\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x80", 10) + std::string("\x00\x00\x00\x00\x00\x00", 6) +
                              std::string("\x02\x02\x44\x01\x00", 5);   // local 2-colour table, LZW min 2, one pixel
    return header + before + image + ";";
}

std::string gifWithRecipe(const std::string& recipe) { return gifAround(gifComment(recipe)); }

std::string writeFile(const fs::path& path, const std::string& bytes) {
    writeBytes(path, bytes);
    return path.string();
}

// A PNG whose recipe comes after `count` empty private chunks (12 bytes each).
std::string pngAfterEmptyChunks(const fs::path& path, const std::string& recipe, std::size_t count) {
    const auto png = encodePng(makeImage(4, 4, 3, 7), {{"stylemix-recipe", recipe}});
    const std::string bytes(png.begin(), png.end());
    const std::size_t after_ihdr = 8 + 8 + 13 + 4;
    const std::uint8_t type[4] = {'j', 'U', 'N', 'k'};
    const std::uint32_t crc = pngCrc32(type, 4);
    std::string chunk("\0\0\0\0jUNk", 8);
    for (int i = 3; i >= 0; --i) chunk += static_cast<char>((crc >> (8 * i)) & 0xFF);
    std::string junk;
    junk.reserve(chunk.size() * count);
    for (std::size_t i = 0; i < count; ++i) junk += chunk;
    return writeFile(path, bytes.substr(0, after_ihdr) + junk + bytes.substr(after_ihdr));
}

}  // namespace
