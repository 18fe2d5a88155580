// Round 3 of the hostile inputs (issue 21), one group per cause, in the order
// of severity: deep JSON (1), rollback (7), memory (2, 3, 4), the grid's scale
// (5), recipe values (6), --crop (8), option-parser errors (9), unbounded
// messages (10), NaN kwargs (11), non-UTF-8 names (12) and disguised files.
// Included once, by tests/test_hostile_inputs.cpp, after hostile_harness.h.
// Its fixtures: tests/hostile_round3_fixtures.h.
#pragma once

#include "hostile_harness.h"
#include "hostile_round3_fixtures.h"

#include "model/io/image_io.h"

#include <cmath>

namespace {

// ---- the table, one function per group of causes --------------------------------

using J = nlohmann::json;

// The message's words for JSON past the depth limit.
const std::string kTooDeep = "nests deeper than 64 levels";

// Recipes, PNGs, safetensors metadata and pickled kwargs nested deeply (cause 1).
std::vector<Case> deepJsonCases() {
    return {
        // 1. Deeply nested JSON: refused at depth 64 wherever JSON is read, no value printed whole.
        {"r3_01_recipe_deep_array", [](D d) { writeBytes(d / "r.json", "{\"stylemix_recipe\":" + nested(100000, '[', ']') + "}");
                                              return render((d / "r.json").string(), d); }, "r.json: recipe " + kTooDeep},
        {"r3_01_recipe_deep_object", [](D d) {
             std::string v;
             for (int i = 0; i < 100000; ++i) v += "{\"a\":";
             writeBytes(d / "r.json", "{\"stylemix_recipe\":1,\"kind\":" + v + "1" + std::string(100000, '}') + "}");
             return render((d / "r.json").string(), d); }, kTooDeep},
        {"r3_01_png_recipe_deep", [](D d) { return render(pngWithRecipe(d / "x.png", "{\"stylemix_recipe\":" + nested(100000, '[', ']') + "}"), d); },
         "x.png: recipe " + kTooDeep},
        {"r3_01_init_kwargs_deep_sg2_generate", [](D d) { return gen({"--outdir", o(d), "--model", metadataOnly(d / "m.safetensors",
             {{"init_kwargs", "{\"z_dim\":" + nested(100000, '[', ']') + "}"}})}); }, "__metadata__ key 'init_kwargs': the JSON " + kTooDeep},
        {"r3_01_init_kwargs_deep_sg1_info", [](D d) { return std::vector<std::string>{"info", "--model", metadataOnly(d / "m.safetensors",
             {{"class_name", "training.networks_stylegan.G_style"}, {"init_kwargs", "{\"G_style\":" + nested(100000, '[', ']') + "}"}})}; },
         "the JSON " + kTooDeep},
        {"r3_01_init_kwargs_deep_sg3_info", [](D d) { return std::vector<std::string>{"info", "--model", metadataOnly(d / "m.safetensors",
             {{"class_name", "training.networks_stylegan3.Generator"}, {"init_kwargs", "{\"a\":" + nested(100000, '[', ']') + "}"}})}; },
         "the JSON " + kTooDeep},
        {"r3_01_module_attributes_deep", [](D d) { return std::vector<std::string>{"info", "--model", metadataOnly(d / "m.safetensors",
             {{"module_attributes", nested(100000, '[', ']')}})}; }, "'module_attributes': the JSON " + kTooDeep},
        {"r3_01_pickle_kwargs_200_dicts_deep", [](D d) { return gen({"--outdir", o(d), "--model", torchPickle(d / "m.pkl", [](PickleWriter& w) {
             for (int i = 0; i < 200; ++i) w.op('}').op('(').str("k");
             w.op('}');
             for (int i = 0; i < 200; ++i) w.op('u'); })}); }, "nested too deeply"},
        {"r3_01_png_recipe_renders_again", [](D d) { return gen({"--outdir", out(d)}); }, "", true, "", false,
         [](D d, const CliRun&) { rendersAgain(d, "seed0000.png", "seed0000.png"); }},
    };
}

// Output folders that hold the user's files, or must be created (cause 7).
std::vector<Case> outputSetCases() {
    return {
        // 7. Output sets: a replaced file is moved aside and put back on failure; created folders are removed.
        {"r3_07_rollback_keeps_replaced_file", [](D d) { return immutableRecipeBeside(d); },
         "seed0000.json': moving the existing file aside failed", false, "", false,
         [](D d, const CliRun&) {
             EXPECT_EQ(slurp(d / "out" / "seed0000.png"), "the user's image") << "the user's file was lost";
             std::system(("chattr -i " + quote((d / "out" / "seed0000.json").string())).c_str());
         }},
        {"r3_07_nested_outdir_removed_on_failure", [](D d) {
             return std::vector<std::string>{"mix", "--device", "cpu", "--rows", "0-3", "--cols", "4-7", "--outdir", (d / "a/b/c/out").string()}; },
         "File too large", false, "prlimit --fsize=60000", false, [](D d, const CliRun&) { EXPECT_FALSE(fs::exists(d / "a")); }},
        {"r3_07_replacing_works", [](D d) {
             fs::create_directories(d / "out");
             writeBytes(d / "out" / "seed0000.png", "old");
             return gen({"--outdir", (d / "out").string()}); }, "", true, "", false,
         [](D d, const CliRun&) {
             EXPECT_NE(slurp(d / "out" / "seed0000.png"), "old");
             EXPECT_EQ(std::distance(fs::directory_iterator(d / "out"), fs::directory_iterator()), 2) << "a staging folder was left";
         }},
    };
}

// Causes 2 to 4: memory bounded in safetensors headers, PNG recipes, pickle keys and StyleGAN3 geometry.
std::vector<Case> memoryCases() {
    return {
        // 2. Memory bounded by the JSON's size and depth, and by the recipe limit inside PNGs.
        {"r3_02_header_40m_deep_80mb", [](D d) { return gen({"--outdir", o(d), "--model", rawSafetensors(d / "m.safetensors",
             "{\"t\":{\"dtype\":\"F32\",\"shape\":" + nested(40'000'000, '[', ']') + ",\"data_offsets\":[0,0]}}")}); },
         "header " + kTooDeep, false, "", false, nullptr, -1, 600},
        {"r3_02_header_5m_values", [](D d) {
             std::string shape = "[0";
             for (int i = 0; i < 5'000'000; ++i) shape += ",0";
             return gen({"--outdir", o(d), "--model", rawSafetensors(d / "m.safetensors",
                 "{\"t\":{\"dtype\":\"F32\",\"shape\":" + shape + "],\"data_offsets\":[0,0]}}")}); },
         "header holds more than 4000000 values", false, "", false, nullptr, -1, 600},
        {"r3_02_png_recipe_64mib", [](D d) { return render(pngWithRecipe(d / "x.png", std::string(64 << 20, ' ')), d); },
         "x.png: the PNG's 'stylemix-recipe' entry is 67108864 bytes, more than the 4194304 bytes allowed", false, "", false, nullptr, -1, 100},

        // 3. One 16 MiB string as the key of 31 nested kwargs dicts: refused by its length, in bounded memory.
        {"r3_03_torch_pickle_16mib_key_31_dicts", [](D d) { return gen({"--outdir", o(d), "--model", torchPickle(d / "m.pkl",
             [](PickleWriter& w) { sharedKeyDicts(w, std::string(16 << 20, 'k'), 31); })}); },
         "(16777216 bytes) is longer than the 256 bytes an argument name may have", false, "", false, nullptr, -1, 500},
        {"r3_03_tf_pickle_16mib_key_31_dicts", [](D d) { return gen({"--outdir", o(d), "--model", tfPickle(d / "m.pkl",
             [](PickleWriter& w) { sharedKeyDicts(w, std::string(16 << 20, 'k'), 31); })}); },
         "Gs.static_kwargs: dict key 'kkkk", false, "", false, nullptr, -1, 500},

        // 4. A self-consistent StyleGAN3 geometry too large to run: refused from the layer plan, before allocating.
        {"r3_04_sg3_geometry_generate", [](D d) { return gen({"--outdir", o(d), "--model", hugeSg3Geometry(d / "m.safetensors")}); },
         "GiB limit (the released StyleGAN3 models need at most 2.7 GiB)", false, "", false, nullptr, -1, 400},
        {"r3_04_sg3_geometry_info", [](D d) { return std::vector<std::string>{"info", "--model", hugeSg3Geometry(d / "m.safetensors")}; },
         "needs 25.9 GiB for one image's activations at layer L", false, "", false, nullptr, -1, 100},
    };
}

// Causes 5 and 6: a recipe's values, checked before rendering.
std::vector<Case> recipeValueCases() {
    return {
        // 5. A recipe's mix.scale counts in the figure-size check, before rendering.
        {"r3_05_scale_8_grid_1x127", [](D d) { return render(mixRecipe(d, 1, 127, 8), d); }, "the recipe's mixing grid would be 65536x1024 pixels"},
        {"r3_05_scale_8_grid_36x37", [](D d) { return render(mixRecipe(d, 36, 37, 8), d); }, "the recipe's mixing grid would be 19456x18944 pixels"},
        {"r3_05_scale_2_grid_renders", [](D d) { return render(mixRecipe(d, 1, 2, 2), d); }, "", true, "", false,
         [](D d, const CliRun&) { EXPECT_EQ(readPng((d / "a.png").string()).width, 2 * 3 * 64); }},

        // 6. Every recipe value checked with the CLI's rules before any rendering.
        {"r3_06_lab_crop_outside", [](D d) { return render(labRecipe(d, [](J& j) {
             j["lab"]["samples"] = 100000;
             j["lab"]["crop"] = {{"x", 100000}, {"y", 0}, {"width", 16}, {"height", 16}}; }), d); },
         "recipe field 'lab.crop' (x 100000, y 0, width 16, height 16) extends past the 64x64 image"},
        {"r3_06_lab_gain_minus_1", [](D d) { return render(labRecipe(d, [](J& j) { j["lab"]["stddev_gain"] = -1; }), d); },
         "recipe field 'lab.stddev_gain' = -1 is out of range (expected a number in (0, 1000])"},
        {"r3_06_lab_gain_0", [](D d) { return render(labRecipe(d, [](J& j) { j["lab"]["stddev_gain"] = 0; }), d); },
         "'lab.stddev_gain' = 0 is out of range"},
        {"r3_06_lab_gain_1e308", [](D d) { return render(labRecipe(d, [](J& j) { j["lab"]["stddev_gain"] = 1e308; }), d); },
         "'lab.stddev_gain' = 1e+308 is out of range"},
        {"r3_06_class_on_unconditional", [](D d) { return render(imageRecipe(d, [](J& j) { j["image"]["subject"]["source"]["class"] = 3; }), d); },
         "recipe field 'image.subject.source.class' = 3: the model is unconditional (c_dim 0), it takes no class"},
        {"r3_06_styles_past_num_ws", [](D d) {
             const std::string path = mixRecipe(d, 1, 1, 1);
             J j = J::parse(slurp(path));
             j["mix"]["styles"] = {0, 99};
             writeBytes(path, j.dump());
             return render(path, d); }, "recipe field 'mix.styles[1]' = 99 is not a ws of this model (0..9)"},
        {"r3_06_noise_strengths_count", [](D d) { return render(imageRecipe(d, [](J& j) { j["image"]["noise"]["strengths"] = {1, 1}; }), d); },
         "recipe field 'image.noise.strengths' lists 2 values, the model has 9 noise layers"},
        {"r3_06_lab_recipe_renders", [](D d) { return render(labRecipe(d, [](J& j) { j["lab"]["crop"] = {{"x", 48}, {"y", 48}, {"width", 16}, {"height", 16}}; }), d); },
         "", true},
    };
}

// Causes 8 and 9, the command line: --crop parsed strictly, the option parser's errors.
std::vector<Case> optionCases() {
    return {
        // 8. --crop parsed strictly: no wrap-around.
        {"r3_08_crop_x_2e32", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--crop", "4294967296,0,16,16", "--outdir", o(d)}; },
         "--crop '4294967296,0,16,16' must be X,Y,W,H with X,Y in 0..1048576 and W,H in 1..1048576 (item 1 is '4294967296')"},
        {"r3_08_crop_w_2e32_plus_16", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--crop", "0,0,4294967312,16", "--outdir", o(d)}; },
         "(item 3 is '4294967312')"},
        {"r3_08_crop_negative", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--crop", "-1,0,16,16", "--outdir", o(d)}; },
         "(item 1 is '-1')"},
        {"r3_08_crop_five_numbers", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--crop", "1,2,3,4,5", "--outdir", o(d)}; },
         "(item 4 is '4,5')"},
        {"r3_08_crop_recorded_as_given", [](D d) { return std::vector<std::string>{"noise", "--device", "cpu", "--seed", "0", "--samples", "2",
                                                                                      "--crop", "8,8,16,16", "--outdir", out(d)}; }, "", true, "", false,
         [](D d, const CliRun&) {
             const J crop = J::parse(slurp(d / "out" / "noise-seed0000.json"))["lab"]["crop"];
             EXPECT_EQ(crop, (J{{"x", 8}, {"y", 8}, {"width", 16}, {"height", 16}}));
         }},

        // 9. The option parser's errors: one escaped line, exit status 2.
        {"r3_09_samples_0", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--samples", "0", "--outdir", o(d)}; },
         "--samples: Value 0 not in range 1 to 100000 (see 'stylemix noise --help')", false, "", false, nullptr, 2},
        {"r3_09_samples_1e9", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--samples", "1e9", "--outdir", o(d)}; },
         "--samples", false, "", false, nullptr, 2},
        {"r3_09_samples_abc", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--samples", "abc", "--outdir", o(d)}; },
         "--samples", false, "", false, nullptr, 2},
        {"r3_09_seed_2e32", [](D d) { return std::vector<std::string>{"noise", "--seed", "4294967296", "--outdir", o(d)}; },
         "--seed \"4294967296\": item \"4294967296\" is above the maximum 4294967295", false, "", false, nullptr, 1},
        {"r3_09_zoom_65", [](D d) { return std::vector<std::string>{"noise", "--seed", "0", "--zoom", "65", "--outdir", o(d)}; },
         "--zoom: Value 65 not in range 1 to 64", false, "", false, nullptr, 2},
        {"r3_09_device_escape", [](D d) { return gen({"--outdir", o(d), "--device", "cu\x1b[31mda"}); },
         "--device: cu\\x1b[31mda not in {auto,cpu,cuda}", false, "", false, nullptr, 2},
        {"r3_09_missing_required", [](D) { return std::vector<std::string>{"generate", "--seeds", "0"}; },
         "--outdir is required (see 'stylemix generate --help')", false, "", false, nullptr, 2},
        {"r3_09_help_still_prints", [](D) { return std::vector<std::string>{"noise", "--help"}; }, "", true, "", false,
         [](D, const CliRun& r) { EXPECT_NE(r.out.find("--samples"), std::string::npos) << r.out; }},
        {"r3_09_version_still_prints", [](D) { return std::vector<std::string>{"--version"}; }, "", true, "", false,
         [](D, const CliRun& r) { EXPECT_EQ(r.out, "stylemix 0.1.0\n"); }},
    };
}

// Huge strings in model files, recipes and arguments (cause 10).
std::vector<Case> longValueCases() {
    return {
        // 10. Messages quote at most ~80 bytes of any value, with its length.
        {"r3_10_class_name_90mb", [](D d) { return std::vector<std::string>{"info", "--model", metadataOnly(d / "m.safetensors",
             {{"class_name", std::string(90'000'000, 'c')}})}; },
         "key 'class_name' is 'cccc", false, "", false, [](D, const CliRun& r) { EXPECT_NE(r.err.find("(90000000 bytes)"), std::string::npos); },
         -1, 450},
        {"r3_10_shape_of_a_million_dims", [](D d) {
             RawWeights raw = defaultRaw();
             raw.tensors.emplace("x", RawTensor{DType::F32, std::vector<std::int64_t>(1'000'000, 1), std::vector<std::uint8_t>(4, 0)});
             writeSafetensors((d / "m.safetensors").string(), raw);
             return gen({"--outdir", o(d), "--model", (d / "m.safetensors").string()}); },
         "unexpected tensor 'x' [1, 1, 1, 1, 1, 1, 1, 1, ... (1000000 dims)]"},
        {"r3_10_recipe_psi_3mb_string", [](D d) { return render(imageRecipe(d, [](J& j) {
             j["image"]["subject"]["truncation"]["psi"] = std::string(3'500'000, '9'); }), d); }, "...\" (3500000 bytes)"},
        {"r3_10_kwargs_key_1mb", [](D d) { return gen({"--outdir", o(d), "--model", modelWithKwargs(d, [](J& j) {
             j[std::string(1 << 20, 'k')] = 1; })}); }, "unknown key 'kkkk"},
        {"r3_10_kwargs_value_1mb", [](D d) { return gen({"--outdir", o(d), "--model", modelWithKwargs(d, [](J& j) {
             j["w_dim"] = std::string(1 << 20, 'v'); })}); }, "'w_dim' must be an integer, got \"vvvv"},
        {"r3_10_seed_spec_100kb", [](D d) {
             std::string spec;
             for (int i = 0; i < 50000; ++i) spec += "1,";
             return gen({"--outdir", o(d), "--seeds", spec + "x"}); }, "--seeds: 'x' is not a seed, a range A-B, a position X:Y or a W file"},
        {"r3_10_path_5kb", [](D d) {
             std::string path = d.string();
             for (int i = 0; i < 25; ++i) path += "/" + std::string(200, 'p');
             return gen({"--outdir", o(d), "--model", path + "/m.pkl"}); }, "-byte path): cannot open model"},
    };
}

// Causes 11 and 12: non-finite pickled kwargs, file names that are not UTF-8.
std::vector<Case> kwargsAndNameCases() {
    return {
        // 11. Non-finite kwargs refused by name, in both pickle eras.
        {"r3_11_tf_fmap_decay_nan", [](D d) { return gen({"--outdir", o(d), "--model", tfPickle(d / "m.pkl", kwargs({{"fmap_decay", std::nan("")}}))}); },
         "Gs.static_kwargs.fmap_decay: is nan: constructor arguments must be finite numbers"},
        {"r3_11_tf_mapping_lrmul_inf", [](D d) { return gen({"--outdir", o(d), "--model", tfPickle(d / "m.pkl", kwargs({{"mapping_lrmul", HUGE_VAL}}))}); },
         "Gs.static_kwargs.mapping_lrmul: is inf"},
        {"r3_11_torch_kwargs_nested_nan", [](D d) { return gen({"--outdir", o(d), "--model", torchPickle(d / "m.pkl",
             kwargs({{"mapping_kwargs", {{"lr_multiplier", -HUGE_VAL}}}}))}); },
         "G_ema._init_kwargs.mapping_kwargs.lr_multiplier: is -inf"},

        // 12. File names that are not UTF-8 work: recipes and metadata keep them exactly.
        {"r3_12_non_utf8_model_generate_and_render", [](D d) {
             fs::copy_file(kModel, d / (kNonUtf8 + ".safetensors"));
             return gen({"--outdir", out(d), "--model", (d / (kNonUtf8 + ".safetensors")).string()}); }, "", true, "", false,
         [](D d, const CliRun&) {
             const J model = J::parse(slurp(d / "out" / "seed0000.json"))["model"];
             EXPECT_EQ(model["path_bytes"], (d / "caf%E9.safetensors").string()) << model.dump();
             rendersAgain(d, "seed0000.json", "seed0000.png");
         }},
        {"r3_12_non_utf8_pickle_convert", [](D d) {
             fs::copy_file(kPickle, d / (kNonUtf8 + ".pkl"));
             return std::vector<std::string>{"convert", (d / (kNonUtf8 + ".pkl")).string(), (d / "o.safetensors").string()}; }, "", true, "", false,
         [](D d, const CliRun&) {
             const J meta = J::parse(headerOf(d / "o.safetensors"))["__metadata__"];
             EXPECT_EQ(meta["converted_from"], (d / "caf%E9.pkl").string()) << meta.dump();
             EXPECT_EQ(meta["converted_from_encoding"], "percent");
         }},
    };
}

// Disguised files: said what they are.
std::vector<Case> disguisedFileCases() {
    return {
        {"r3_dz_gzip_named_pkl", [](D d) { return gen({"--outdir", o(d), "--model", magicFile(d / "net.pkl", "\x1f\x8b\x08", 4096)}); },
         "net.pkl: this is a gzip file, not a model: decompress it first (gunzip)"},
        {"r3_dz_xz_no_extension", [](D d) { return gen({"--outdir", o(d), "--model", magicFile(d / "net", std::string("\xfd" "7zXZ\0", 6), 4096)}); },
         "net: this is an xz file, not a model: decompress it first (unxz)"},
        {"r3_dz_tar_no_extension", [](D d) { return std::vector<std::string>{"info", "--model", magicFile(d / "net", "ustar", 10240, 257)}; },
         "net: this is a tar archive, not a model: extract the model from it first"},
        {"r3_dz_recipe_as_model", [](D d) { return std::vector<std::string>{"info", "--model", recipeNaming(d, kModel)}; },
         "recipe.json: this is a StyleMix recipe (JSON), not a model: render it with `stylemix render` or drop it onto the explorer"},
    };
}

// Text, empty, unknown and cut-short files, and an unknown image.from: only the reason that applies.
std::vector<Case> unreadableFileCases() {
    return {
        // Fault 9: only the reason that applies to what the file is (never a safetensors header
        // length read from text), and a pickle cut short says so first, with its size.
        {"r3_dz_text_file", [](D d) { writeBytes(d / "notes.txt", "hello, nobody reads this\n");
                                      return std::vector<std::string>{"info", "--model", (d / "notes.txt").string()}; },
         "notes.txt: this is a text file, not a model (expected a .safetensors file or an NVIDIA .pkl)"},
        {"r3_dz_utf8_text_named_pkl", [](D d) { writeBytes(d / "net.pkl", "caf\xc3\xa9 cr\xc3\xa8me\n");
                                                return std::vector<std::string>{"info", "--model", (d / "net.pkl").string()}; },
         "net.pkl: this is a text file, not a model (expected a .safetensors file or an NVIDIA .pkl)"},
        {"r3_dz_empty_pkl", [](D d) { writeBytes(d / "net.pkl", "");
                                      return std::vector<std::string>{"info", "--model", (d / "net.pkl").string()}; },
         "net.pkl: this is an empty file (0 bytes), not a model (expected a .safetensors file or an NVIDIA .pkl)"},
        {"r3_dz_unknown_bytes", [](D d) { return std::vector<std::string>{"info", "--model", magicFile(d / "net", "\x01\x02\x03", 4096)}; },
         "net: this is not a model file this program knows (expected a .safetensors file or an NVIDIA .pkl; it starts with bytes 01 02 03 00"},
        {"r3_dz_pickle_cut_mid_frame", [](D d) { writeBytes(d / "net.pkl", slurp(kPickle).substr(0, 500));
                                                 return std::vector<std::string>{"info", "--model", (d / "net.pkl").string()}; },
         "net.pkl: this pickle is cut short (500 bytes; the data stops inside the frame that starts at byte 2 and should run to byte 65939)"},
        {"r3_dz_pickle_cut_last_byte", [](D d) { const std::string bytes = slurp(kPickle);
                                                  writeBytes(d / "net.pkl", bytes.substr(0, bytes.size() - 1));
                                                  return gen({"--outdir", o(d), "--model", (d / "net.pkl").string()}); },
         "net.pkl: this pickle is cut short (83120 bytes; "},
        {"r3_dz_tf_pickle_cut", [](D d) { writeBytes(d / "net.pkl", slurp(std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/tf/sg1_16.pkl").substr(0, 30000));
                                          return std::vector<std::string>{"info", "--model", (d / "net.pkl").string()}; },
         "net.pkl: this pickle is cut short (30000 bytes; the data stops inside the "},
        // A .safetensors file cut in its data, and one cut inside its header.
        {"r3_dz_safetensors_cut_in_data", [](D d) { writeBytes(d / "m.safetensors", slurp(kModel).substr(0, 200000));
                                                    return std::vector<std::string>{"info", "--model", (d / "m.safetensors").string()}; },
         "m.safetensors: this safetensors file is cut short (200000 bytes; its header says the data runs to byte "},
        {"r3_dz_safetensors_cut_in_header", [](D d) { writeBytes(d / "m.safetensors", slurp(kModel).substr(0, 64));
                                                      return std::vector<std::string>{"info", "--model", (d / "m.safetensors").string()}; },
         "m.safetensors: this safetensors file is cut short (64 bytes; its header says the data runs to byte "},
        // A protocol 0 (text) pickle named .pkl gets the pickle reader's reason, not "a text file".
        {"r3_dz_text_protocol_pickle", [](D d) { writeBytes(d / "net.pkl", "(dp0\nVa\np1\n(lp2\nI1\naF2.5\nas.");
                                                 return std::vector<std::string>{"info", "--model", (d / "net.pkl").string()}; },
         "not a pickle of protocol 2-5"},
        // A grid tile's recipe (image.from): only "grid" is known.
        {"r3_dz_image_from_unknown", [](D d) {
             return render(imageRecipe(d, [](nlohmann::json& j) { j["image"]["from"] = "gird"; }), d); },
         "recipe field 'image.from' = 'gird' is not \"grid\" (or absent)"},
    };
}

// More disguises, by their first bytes, each as a file with no extension.
std::vector<Case> magicByteCases() {
    struct Disguise {
        std::string name, magic, what;
    };
    const std::vector<Disguise> disguises = {
        {"bzip2", "BZh9", "a bzip2 file, not a model: decompress it first (bunzip2)"},
        {"zstd", "\x28\xb5\x2f\xfd", "a zstd file, not a model: decompress it first (unzstd)"},
        {"7z", "7z\xbc\xaf\x27\x1c", "a 7z archive, not a model: extract the model from it first"},
        {"rar", "Rar!\x1a\x07", "a RAR archive, not a model: extract the model from it first"},
        {"zip", "PK\x03\x04", "a zip archive, not a model: extract the model from it first"},
        {"png_image", "\x89PNG\r\n\x1a\n", "a PNG image, not a model"},
        {"jpeg", "\xff\xd8\xff\xe0", "a JPEG image, not a model"},
        {"npy", "\x93NUMPY\x01", "a NumPy .npy array, not a model"},
        {"hdf5", "\x89HDF\r\n\x1a\n", "an HDF5 file (e.g. Keras .h5), not a model this program reads"},
        {"git_lfs_pointer", "version https://git-lfs.github.com/spec/v1\n", "a Git LFS pointer, not a model: fetch the real file (git lfs pull)"},
        {"html_page", "<!DOCTYPE html><html>", "an HTML page (a failed download?), not a model"},
    };
    std::vector<Case> c;
    for (const Disguise& m : disguises)
        c.push_back({"r3_dz_" + m.name, [magic = m.magic](D d) {
                         return std::vector<std::string>{"info", "--model", magicFile(d / "download", magic, 4096)}; },
                     "download: this is " + m.what});
    return c;
}

// Round 3's table, in the order of its groups.
std::vector<Case> round3Cases() {
    std::vector<Case> all;
    for (auto group : {deepJsonCases, outputSetCases, memoryCases, recipeValueCases, optionCases, longValueCases,
                       kwargsAndNameCases, disguisedFileCases, unreadableFileCases, magicByteCases})
        for (Case& c : group()) all.push_back(std::move(c));
    return all;
}

}  // namespace
