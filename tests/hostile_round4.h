// Round 4 of the hostile inputs (issue 24): the new commands (`stylemix layers`,
// `influence`, `noise --by-layer`, `animate`) and recipe kinds (layer, influence,
// noise-by-layer, animation), and the recipe read back from inside a WebP, GIF or
// PNG. Groups: outputs that are special files (1), recipe values (2), containers
// that lie (3), containers that take long to walk (4). SIGTERM during `animate`
// is tests/test_cli_animate.cpp's AnimateStopsOnSigtermLeavingNothing.
// Included once, by tests/test_hostile_inputs.cpp, after hostile_round3.h.
#pragma once

#include "hostile_harness.h"
#include "hostile_round4_fixtures.h"

namespace {

// ---- 1. outputs: each new command, each kind of target ---------------------------------

struct OutputCommand {
    std::string name, ext;
    std::function<std::vector<std::string>(D, const std::string& out)> args;
};

std::vector<OutputCommand> outputCommands() {
    return {
        {"layers", ".npy", [](D, const std::string& o) {
             return std::vector<std::string>{"layers", "--device", "cpu", "--seed", "0", "--layer", "b8.conv0", "--out", o}; }},
        {"influence", ".png", [](D, const std::string& o) {
             return std::vector<std::string>{"influence", "--device", "cpu", "--row", "0", "--col", "1", "--styles", "0-3", "-o", o}; }},
        {"by_layer", ".png", [](D, const std::string& o) {
             return std::vector<std::string>{"noise", "--device", "cpu", "--seed", "0", "--by-layer", "--samples", "2", "-o", o}; }},
        {"animate", ".webp", [](D, const std::string& o) {
             return std::vector<std::string>{"animate", "--device", "cpu", "--seed", "0", "--frames", "2", "-o", o}; }},
        {"animate_gif", ".gif", [](D, const std::string& o) {
             return std::vector<std::string>{"animate", "--device", "cpu", "--seed", "0", "--frames", "2", "-o", o}; }},
        {"render_layer", ".png", [](D d, const std::string& o) { return std::vector<std::string>{"render", layerRecipe(d), "-o", o}; }},
        {"animate_recipe", ".gif", [](D d, const std::string& o) { return std::vector<std::string>{"animate", animationRecipe(d), "-o", o}; }},
    };
}

void devNullStaysADevice(D, const CliRun&) {
    struct stat info {};
    ASSERT_EQ(::stat("/dev/null", &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode)) << "/dev/null was replaced";
}

// A folder nothing may be created in, even by root (chattr +i; the harness lifts it afterwards).
std::string immutableDir(const fs::path& dir) {
    fs::create_directories(dir);
    EXPECT_EQ(std::system(("chattr +i " + quote(dir.string())).c_str()), 0) << "this case needs chattr +i (ext4 or similar, as root)";
    return dir.string();
}

std::vector<Case> outputCases() {
    std::vector<Case> c;
    for (const OutputCommand& cmd : outputCommands()) {
        const std::string p = "r4_1_" + cmd.name + "_", ext = cmd.ext;
        const auto args = cmd.args;
        c.push_back({p + "fifo", [=](D d) { return args(d, fifoAt(d / ("a" + ext))); }, "is a FIFO (only a regular file or a missing one is written)"});
        c.push_back({p + "dev_null", [=](D d) { return args(d, "/dev/null"); }, "'/dev/null'", false, "", false, devNullStaysADevice});
        c.push_back({p + "link_to_dev_null", [=](D d) { return args(d, linkTo(d / ("a" + ext), "/dev/null")); }, "is a device", false, "",
                     false, devNullStaysADevice});
        c.push_back({p + "directory", [=](D d) { fs::create_directories(d / ("a" + ext)); return args(d, (d / ("a" + ext)).string()); },
                     "is a directory"});
        c.push_back({p + "unwritable_folder", [=](D d) { return args(d, immutableDir(d / "ro") + "/a" + ext); }, "Operation not permitted"});
        if (ext == ".npy" || cmd.name == "render_layer") continue;   // `layers` writes no recipe beside, `render` only inside
        c.push_back({p + "recipe_beside_is_fifo", [=](D d) { fifoAt(d / "a.json"); return args(d, (d / ("a" + ext)).string()); },
                     "a.json': is a FIFO"});
    }
    return c;
}

// ---- 2. recipe values ----------------------------------------------------------------------

std::vector<Case> recipeValueCases4() {
    using J = nlohmann::json;
    const std::string ctl = "\x1b[31m\x07\x1b]0;pwned\x07\n\r";
    return {
        {"r4_2_layer_name_100mb", [](D d) { return render(layerRecipe(d, [](J& j) { j["layer"]["layer"] = std::string(100 << 20, 'x'); }), d); },
         "more than the 4 MiB a recipe may have"},
        {"r4_2_layer_name_3mb", [](D d) { return render(layerRecipe(d, [](J& j) { j["layer"]["layer"] = std::string(3 << 20, 'x'); }), d); },
         "recipe field 'layer.layer' = 'xxxxxxxx"},
        {"r4_2_layer_name_control_chars", [ctl](D d) { return render(layerRecipe(d, [ctl](J& j) { j["layer"]["layer"] = ctl; }), d); },
         "'layer.layer' = '\\x1b[31m\\x07\\x1b]0;pwned\\x07\\x0a\\x0d' is not a layer of this model"},
        {"r4_2_layer_name_unknown", [](D d) { return render(layerRecipe(d, [](J& j) { j["layer"]["layer"] = "b9.conv9"; }), d); },
         "'layer.layer' = 'b9.conv9' is not a layer of this model (StyleGAN2, 25 layers; stylemix layers --list)"},
        {"r4_2_layer_gain_minus_1e300", [](D d) { return render(layerRecipe(d, [](J& j) { j["layer"]["view"]["gain_db"] = -1e300; }), d); },
         "'layer.view.gain_db' must be a number in [-200, 200]"},
        {"r4_2_layer_fft_range_zero", [](D d) { return render(layerRecipe(d, [](J& j) { j["layer"]["view"]["fft_range_db"] = 0; }), d); },
         "'layer.view.fft_range_db' must be a number in (0, 1000]"},
        {"r4_2_layer_gain_nan_literal", [](D d) {
             const std::string text = slurp(layerRecipe(d));
             writeBytes(d / "nan.json", text.substr(0, text.find("\"gain_db\":")) + "\"gain_db\":NaN" +
                                            text.substr(text.find(',', text.find("\"gain_db\":"))));
             return render((d / "nan.json").string(), d); }, "nan.json: recipe is not valid JSON"},
        {"r4_2_influence_1000_bands", [](D d) {
             return render(influenceRecipe(d, [](J& j) { j["influence"]["bands"] = J::array(); for (int i = 0; i < 1000; ++i) j["influence"]["bands"].push_back({{"label", "x"}, {"styles", {0}}}); }), d); },
         "'influence.bands' must be a list of 1 to 16 bands"},
        {"r4_2_influence_threshold_minus_1", [](D d) { return render(influenceRecipe(d, [](J& j) { j["influence"]["threshold"] = -1; }), d); },
         "'influence.threshold' = -1 is out of range [0, 254]"},
        {"r4_2_influence_threshold_2e64", [](D d) { return render(influenceRecipe(d, [](J& j) { j["influence"]["threshold"] = 18446744073709551615ull; }), d); },
         "'influence.threshold' = 18446744073709551615 is out of range [0, 254]"},
        {"r4_2_influence_threshold_float", [](D d) { return render(influenceRecipe(d, [](J& j) { j["influence"]["threshold"] = 1e300; }), d); },
         "'influence.threshold' must be an integer"},
        {"r4_2_influence_styles_not_ws", [](D d) { return render(influenceRecipe(d, [](J& j) { j["influence"]["bands"][0]["styles"] = {10}; }), d); },
         "'influence.bands[0].styles[0]' = 10 is not a ws of this model (0..9)"},
        {"r4_2_by_layer_samples_1e9", [](D d) { return render(noiseByLayerRecipe(d, [](J& j) { j["noise_by_layer"]["samples"] = 1000000000; }), d); },
         "'noise_by_layer.samples' = 1000000000 is out of range [2, 100000]"},
        {"r4_2_by_layer_samples_1", [](D d) { return render(noiseByLayerRecipe(d, [](J& j) { j["noise_by_layer"]["samples"] = 1; }), d); },
         "'noise_by_layer.samples' = 1 is out of range [2, 100000]"},
        {"r4_2_animation_frames_1e12", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["frames"] = 1000000000000LL; }), d); },
         "'animation.frames' = 1000000000000 is out of range [1, 1000]"},
        {"r4_2_animation_frames_zero", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["frames"] = 0; }), d); },
         "'animation.frames' = 0 is out of range [1, 1000]"},
        {"r4_2_animation_fps_negative", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["fps"] = -15; }), d); },
         "'animation.fps' = -15 is out of range (expected 0.5 to 60)"},
        {"r4_2_animation_fps_1e308", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["fps"] = 1e308; }), d); },
         "'animation.fps' = 1e+308 is out of range"},
        {"r4_2_animation_fps_string", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["fps"] = "nan"; }), d); },
         "'animation.fps' must be a number, got \"nan\""},
        {"r4_2_animation_kind_control_chars", [ctl](D d) { return animate(animationRecipe(d, [ctl](J& j) { j["animation"]["kind"] = ctl + std::string(5000, 'k'); }), d); },
         "'animation.kind' animation kind '\\x1b[31m\\x07"},
        {"r4_2_animation_walk_without_end", [](D d) { return animate(animationRecipe(d, [](J& j) { j["animation"]["kind"] = "walk"; }), d); },
         "'animation.walk_to' is null: a walk needs the source it walks to"},
        // The same values as flags.
        {"r4_2_flag_fps_nan", [](D d) { return std::vector<std::string>{"animate", "--device", "cpu", "--seed", "0", "--fps", "nan", "-o", (d / "a.gif").string()}; },
         "--fps nan is out of range (expected 0.5 to 60)"},
        {"r4_2_flag_fps_negative", [](D d) { return std::vector<std::string>{"animate", "--device", "cpu", "--seed", "0", "--fps", "-3", "-o", (d / "a.webp").string()}; },
         "--fps -3 is out of range (expected 0.5 to 60)"},
        {"r4_2_flag_threshold_nan", [](D d) {
             return std::vector<std::string>{"influence", "--device", "cpu", "--row", "0", "--col", "1", "--threshold", "nan", "-o", (d / "a.png").string()}; },
         "--threshold: Value nan not in range 0 to 254", false, "", false, nullptr, 2},
        {"r4_2_flag_by_layer_samples_1", [](D d) {
             return std::vector<std::string>{"noise", "--device", "cpu", "--seed", "0", "--by-layer", "--samples", "1", "-o", (d / "a.png").string()}; },
         "--samples 1 is out of range for --by-layer (expected 2..100000)"},
        {"r4_2_flag_layer_control_chars", [ctl](D d) {
             return std::vector<std::string>{"layers", "--device", "cpu", "--seed", "0", "--layer", ctl + std::string(100000, 'x'), "--out", (d / "a.npy").string()}; },
         "--layer '\\x1b[31m\\x07"},
        {"r4_2_animation_via_render", [](D d) { return render(animationRecipe(d), d); }, "an animation recipe renders frames, not a figure"},
        {"r4_2_layer_recipe_via_animate", [](D d) { return animate(layerRecipe(d), d); }, "recipe of kind 'layer', not an animation"},
    };
}

// ---- 3. containers that lie ------------------------------------------------------------------

std::vector<Case> containerCases() {
    const std::string recipe = animationRecipeText();
    return {
        {"r4_3_webp_empty", [](D d) { return animate(writeFile(d / "a0.webp", ""), d); }, "a0.webp: is not a WebP (one starts with 'RIFF', its size, 'WEBP'): the file is empty"},
        {"r4_3_gif_empty", [](D d) { return animate(writeFile(d / "a0.gif", ""), d); }, "a0.gif: is not a GIF (one starts with 'GIF89a' or 'GIF87a'): the file is empty"},
        {"r4_3_webp_text_inside", [](D d) { return animate(writeFile(d / "t.webp", "hello"), d); }, "t.webp: is not a WebP"},
        {"r4_3_gif_is_a_png", [](D d) { return animate(pngWithRecipe(d / "p.gif", slurp(imageRecipe(d, [](nlohmann::json&) {}))), d); },
         "recipe of kind 'image', not an animation"},
        {"r4_3_webp_recipe_cut_short", [recipe](D d) {
             const std::string w = webpWithRecipe(recipe);
             return animate(writeFile(d / "cut.webp", w.substr(0, w.size() - 40)), d); }, "cut.webp: is cut short: its RIFF header says"},
        {"r4_3_webp_recipe_lies_about_length", [recipe](D d) {
             const std::string body = "WEBP" + riffChunk("SMRC", recipe, 0xFFFFFFF0);
             return animate(writeFile(d / "lie.webp", "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body), d); },
         "lie.webp: is damaged or cut short: its 'SMRC' chunk at byte 12 claims 4294967280 bytes, only " + std::to_string(recipe.size() + recipe.size() % 2) + " follow"},   // with its pad
        {"r4_3_webp_frame_lies_about_length", [recipe](D d) {
             const std::string body = "WEBP" + riffChunk("ANMF", "", 0x7FFFFFFF) + riffChunk("SMRC", recipe);
             return animate(writeFile(d / "lie.webp", "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body), d); },
         "its 'ANMF' chunk at byte 12 claims 2147483647 bytes"},
        {"r4_3_webp_recipe_oversized", [](D d) { return animate(writeFile(d / "big.webp", webpWithRecipe(std::string(5 << 20, ' '))), d); },
         "big.webp: holds a 5242880-byte recipe, more than the 4194304 bytes allowed", false, "", false, nullptr, -1, 600},
        {"r4_3_webp_two_recipes", [recipe](D d) {
             return animate(writeFile(d / "two.webp", webpAround(riffChunk("SMRC", recipe) + riffChunk("SMRC", zeroFpsRecipe()))), d); },
         "two.webp: holds two StyleMix recipes ('SMRC' chunks at bytes"},
        {"r4_3_webp_recipe_nested_in_frame", [recipe](D d) {
             return animate(writeFile(d / "nest.webp", webpAround(riffChunk("ANMF", riffChunk("SMRC", recipe)))), d); },
         "nest.webp: holds no StyleMix recipe (no 'SMRC' chunk)"},
        {"r4_3_webp_recipe_past_riff_end", [recipe](D d) { return animate(writeFile(d / "past.webp", webpAround("") + riffChunk("SMRC", recipe)), d); },
         "past.webp: holds no StyleMix recipe"},
        {"r4_3_webp_fourcc_control_chars", [](D d) {
             const std::string body = "WEBP" + riffChunk("\x1b[2J", "", 0x7FFFFFFF);
             return animate(writeFile(d / "esc.webp", "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body), d); },
         "its '\\x1b[2J' chunk at byte 12 claims"},
        {"r4_3_gif_recipe_cut_short", [recipe](D d) {
             const std::string g = gifWithRecipe(recipe);
             return animate(writeFile(d / "cut.gif", g.substr(0, 13 + 300)), d); }, "cut.gif: is cut short: it ends at byte 313, inside the recipe comment"},
        {"r4_3_gif_cut_in_its_header", [](D d) { return animate(writeFile(d / "h.gif", std::string("GIF89a\x01\x00", 8)), d); },
         "h.gif: is cut short: it ends at byte 8"},
        {"r4_3_gif_sub_block_lies_about_length", [recipe](D d) {
             return animate(writeFile(d / "lie.gif", gifAround("").substr(0, 13) + "\x21\xFE\xFF" + recipe.substr(0, 20)), d); },
         "lie.gif: is cut short: it ends at byte 36, inside the recipe comment (255 bytes from byte 16)"},
        {"r4_3_gif_recipe_oversized", [](D d) { return animate(writeFile(d / "big.gif", gifWithRecipe(std::string(5 << 20, ' '))), d); },
         "big.gif: holds a recipe comment longer than the 4194304 bytes allowed", false, "", false, nullptr, -1, 600},
        {"r4_3_gif_two_comments", [recipe](D d) { return animate(writeFile(d / "two.gif", gifAround(gifComment(recipe) + gifComment(zeroFpsRecipe()))), d); },
         "two.gif: holds two comments before its first frame"},
        {"r4_3_gif_comment_after_the_image", [recipe](D d) {
             std::string g = gifAround("");
             g.insert(g.size() - 1, gifComment(recipe));
             return animate(writeFile(d / "late.gif", g), d); }, "late.gif: holds no StyleMix recipe (no comment before its first frame)"},
        {"r4_3_webp_empty_recipe_chunk", [](D d) { return animate(writeFile(d / "e.webp", webpWithRecipe("")), d); }, "e.webp: recipe is not valid JSON"},
        // What StyleMix writes, built here byte by byte: read back and rendered.
        {"r4_3_hand_built_webp_renders", [recipe](D d) { return animate(writeFile(d / "ok.webp", webpWithRecipe(recipe)), d); }, "frame 2/2", true,
         "", false, [](D d, const CliRun&) { EXPECT_TRUE(fs::exists(d / "a.webp")); }},
        {"r4_3_hand_built_gif_in_1_byte_blocks_renders", [recipe](D d) {
             return animate(writeFile(d / "ok.gif", gifAround(gifComment(recipe, 1))), d); }, "frame 2/2", true,
         "", false, [](D d, const CliRun&) { EXPECT_TRUE(fs::exists(d / "a.webp")); }},
    };
}

// ---- 4. containers that take long to walk --------------------------------------------------------

// Each holds 64 MB of the smallest blocks its format has before a recipe whose fps is 0: the
// refusal by that field proves the walk ended. Through a system call per header these took
// minutes (a hang); read ahead, under a second.
std::vector<Case> slowWalkCases() {
    constexpr std::size_t kBytes = 64 << 20;
    return {
        {"r4_4_gif_64mb_of_empty_extensions", [](D d) {
             std::string empty;
             for (std::size_t i = 0; i < kBytes / 3; ++i) empty += std::string("\x21\x01\x00", 3);
             return animate(writeFile(d / "slow.gif", gifAround(empty + gifComment(zeroFpsRecipe()))), d); },
         "slow.gif: recipe field 'animation.fps' = 0 is out of range"},
        {"r4_4_gif_64mb_of_1_byte_sub_blocks", [](D d) {
             std::string blocks("\x21\x01", 2);
             for (std::size_t i = 0; i < kBytes / 2; ++i) blocks += std::string("\x01x", 2);
             return animate(writeFile(d / "slow.gif", gifAround(blocks + std::string(1, '\0') + gifComment(zeroFpsRecipe()))), d); },
         "slow.gif: recipe field 'animation.fps' = 0 is out of range"},
        {"r4_4_webp_64mb_of_empty_chunks", [](D d) {
             std::string chunks;
             for (std::size_t i = 0; i < kBytes / 8; ++i) chunks += riffChunk("JUNK", "");
             return animate(writeFile(d / "slow.webp", webpAround(chunks + riffChunk("SMRC", zeroFpsRecipe()))), d); },
         "slow.webp: recipe field 'animation.fps' = 0 is out of range"},
        {"r4_4_png_64mb_of_empty_chunks", [](D d) { return animate(pngAfterEmptyChunks(d / "slow.png", zeroFpsRecipe(), kBytes / 12), d); },
         "slow.png: recipe field 'animation.fps' = 0 is out of range"},
    };
}

// Round 4's table, in the order of its groups.
std::vector<Case> round4Cases() {
    std::vector<Case> all;
    for (auto group : {outputCases, recipeValueCases4, containerCases, slowWalkCases})
        for (Case& c : group()) all.push_back(std::move(c));
    return all;
}

}  // namespace
