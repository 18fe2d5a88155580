// The fixtures of round 3 of the hostile inputs (issue 21, tests/hostile_round3.h):
// hand-written network pickles of both eras, recipes and PNGs carrying them, a
// huge StyleGAN3 geometry, immutable outputs, disguised files.
// Included once, by tests/hostile_round3.h, after hostile_harness.h.
#pragma once

#include "hostile_harness.h"

#include "model/io/image_io.h"

#include <cstring>

namespace {

std::string nested(std::size_t depth, char open, char close) { return std::string(depth, open) + std::string(depth, close); }

// Just enough of pickle protocol 4 to write hostile network pickles by hand.
class PickleWriter {
public:
    PickleWriter() : out_("\x80\x04", 2) {}
    PickleWriter& op(char c) { out_ += c; return *this; }
    PickleWriter& str(const std::string& s) { out_ += 'X'; le32(static_cast<std::uint32_t>(s.size())); out_ += s; return *this; }
    PickleWriter& memoize() { return op('\x94'); }
    PickleWriter& get(std::uint32_t index) { out_ += 'j'; le32(index); return *this; }
    PickleWriter& global(const std::string& module, const std::string& name) { return str(module).str(name).op('\x93'); }
    // Plain data: None, bools, ints, floats (NaN included), str, lists, dicts.
    PickleWriter& value(const nlohmann::json& v) {
        if (v.is_null()) return op('N');
        if (v.is_boolean()) return op(v.get<bool>() ? '\x88' : '\x89');
        if (v.is_number_integer()) { out_ += 'J'; le32(static_cast<std::uint32_t>(v.get<std::int32_t>())); return *this; }
        if (v.is_number_float()) return real(v.get<double>());
        if (v.is_string()) return str(v.get<std::string>());
        if (v.is_array()) {
            op(']').op('(');
            for (const auto& x : v) value(x);
            return op('e');
        }
        op('}').op('(');
        for (const auto& [k, x] : v.items()) str(k).value(x);
        return op('u');
    }
    std::string finish() { return out_ + "."; }

private:
    void le32(std::uint32_t v) { for (int i = 0; i < 4; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xFF); }
    PickleWriter& real(double v) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, 8);
        out_ += 'G';
        for (int i = 7; i >= 0; --i) out_ += static_cast<char>((bits >> (8 * i)) & 0xFF);   // big-endian
        return *this;
    }
    std::string out_;
};

// kwargs: `{key: {key: ... {} ...}}`, `levels` deep, every key the same memoized string.
void sharedKeyDicts(PickleWriter& w, const std::string& key, int levels) {
    w.op('}').op('(').str(key).memoize();   // memo 0
    for (int i = 1; i < levels; ++i) w.op('}').op('(').get(0);
    w.op('}');
    for (int i = 0; i < levels; ++i) w.op('u');
}

// A PyTorch-era network pickle {"G_ema": Generator} with empty modules and `kwargs` written by `write_kwargs`.
std::string torchPickle(const fs::path& path, const std::function<void(PickleWriter&)>& write_kwargs) {
    PickleWriter w;
    w.op('}').str("G_ema").global("torch_utils.persistence", "_reconstruct_persistent_obj");
    w.op('}').op('(').str("type").str("class").str("module_src").str("").str("class_name").str("training.networks.Generator");
    w.str("state").op('}').op('(').str("_parameters").op('}').str("_buffers").op('}').str("_modules").op('}');
    w.str("_init_kwargs");
    write_kwargs(w);
    w.op('u').op('u').op('\x85').op('R').op('s');
    writeBytes(path, w.finish());
    return path.string();
}

// A TensorFlow-era pickle (None, None, Gs) whose Gs has `kwargs` as static_kwargs.
std::string tfPickle(const fs::path& path, const std::function<void(PickleWriter&)>& write_kwargs) {
    PickleWriter w;
    w.op('N').op('N').global("dnnlib.tflib.network", "Network").op(')').op('\x81');
    w.op('}').op('(').str("version").value(4).str("name").str("Gs").str("build_func_name").str("G_style");
    w.str("static_kwargs");
    write_kwargs(w);
    w.str("components").op('}').str("variables").op(']').op('u').op('b').op('\x87');
    writeBytes(path, w.finish());
    return path.string();
}

std::function<void(PickleWriter&)> kwargs(const nlohmann::json& j) {
    return [j](PickleWriter& w) { w.value(j); };
}

// A tiny PNG carrying `recipe_text` as its StyleMix recipe.
std::string pngWithRecipe(const fs::path& path, const std::string& recipe_text) {
    const auto bytes = encodePng(makeImage(4, 4, 3, 7), {{"stylemix-recipe", recipe_text}});
    writeBytes(path, std::string(bytes.begin(), bytes.end()));
    return path.string();
}

nlohmann::json source(std::uint64_t seed) { return {{"seed", seed}, {"class", nullptr}}; }
nlohmann::json constNoise() { return {{"mode", "const"}, {"seed", 0}, {"strengths", nlohmann::json::array()}}; }

// A mix-grid recipe of `rows` x `cols` sources, magnified by `scale`, for the bundled model.
std::string mixRecipe(const fs::path& dir, int rows, int cols, int scale) {
    nlohmann::json r = nlohmann::json::array(), c = nlohmann::json::array();
    for (int i = 0; i < rows; ++i) r.push_back(source(static_cast<std::uint64_t>(i)));
    for (int i = 0; i < cols; ++i) c.push_back(source(static_cast<std::uint64_t>(1000 + i)));
    const nlohmann::json j = {{"stylemix_recipe", 1}, {"kind", "mix-grid"}, {"model", {{"path", kModel}, {"sha256", ""}}},
                              {"mix", {{"rows", r}, {"cols", c}, {"styles", {0, 1}}, {"row_styles", nlohmann::json::array()},
                                       {"truncation", {{"psi", 1.0}, {"cutoff", nullptr}}}, {"noise", constNoise()},
                                       {"labels", false}, {"scale", scale}}}};
    writeBytes(dir / "mix.json", j.dump());
    return (dir / "mix.json").string();
}

// A noise-lab recipe for the bundled model, changed by `edit`.
std::string labRecipe(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = {{"stylemix_recipe", 1}, {"kind", "noise-lab"}, {"model", {{"path", kModel}, {"sha256", ""}}},
                        {"lab", {{"subject", {{"source", source(0)}, {"styles", nlohmann::json::array()},
                                              {"truncation", {{"psi", 1.0}, {"cutoff", nullptr}}}, {"mix_with", nullptr}}},
                                 {"noise", constNoise()}, {"samples", 8}, {"keep_images", 4}, {"stddev_gain", 4.0}, {"zoom", 4}}}};
    edit(j);
    writeBytes(dir / "lab.json", j.dump());
    return (dir / "lab.json").string();
}

// The image recipe of recipeNaming with `edit` applied.
std::string imageRecipe(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = nlohmann::json::parse(slurp(recipeNaming(dir, kModel)));
    edit(j);
    writeBytes(dir / "recipe.json", j.dump());
    return (dir / "recipe.json").string();
}

std::vector<std::string> render(const std::string& recipe, const fs::path& dir) {
    return {"render", recipe, "-o", (dir / "a.png").string()};
}

// A StyleGAN3 geometry of 8192², 64 layers, 1 channel, margin 1024, filter 64, upsampling 8 (issue 21, cause 4).
std::string hugeSg3Geometry(const fs::path& path) {
    const nlohmann::json kw = {{"z_dim", 4}, {"c_dim", 0}, {"w_dim", 4}, {"img_resolution", 8192}, {"img_channels", 1},
                               {"num_layers", 64}, {"channel_base", 1 << 30}, {"channel_max", 1}, {"margin_size", 1024},
                               {"filter_size", 64}, {"lrelu_upsampling", 8}};
    return metadataOnly(path, {{"class_name", "training.networks_stylegan3.Generator"}, {"init_kwargs", kw.dump()}});
}

// The user's files in out/, the recipe one made immutable: the set's second rename must fail.
std::vector<std::string> immutableRecipeBeside(const fs::path& d) {
    fs::create_directories(d / "out");
    writeBytes(d / "out" / "seed0000.png", "the user's image");
    writeBytes(d / "out" / "seed0000.json", "the user's recipe");
    EXPECT_EQ(std::system(("chattr +i " + quote((d / "out" / "seed0000.json").string())).c_str()), 0)
        << "this case needs chattr +i (ext4 or similar, as root)";
    return gen({"--outdir", (d / "out").string()});
}

// A file whose first bytes are `magic`, padded to `size` with zeros.
std::string magicFile(const fs::path& path, const std::string& magic, std::size_t size, std::size_t offset = 0) {
    std::string bytes(size, '\0');
    bytes.replace(offset, magic.size(), magic);
    writeBytes(path, bytes);
    return path.string();
}

const std::string kNonUtf8 = "caf\xe9";   // Latin-1 "café": not UTF-8

std::string headerOf(const fs::path& safetensors) {
    const std::string bytes = slurp(safetensors);
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    return bytes.substr(8, n);
}

}  // namespace
