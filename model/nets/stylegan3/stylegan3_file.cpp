#include "model/nets/stylegan3/stylegan3_file.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

class AttributeChecker {
public:
    AttributeChecker(const std::string& source, const json& all, const std::string& module)
        : source_(source), module_(module) {
        if (!all.contains(module) || !all.at(module).is_object())
            fail("", "module is missing from the file (expected by init_kwargs)");
        attrs_ = &all.at(module);
    }

    const json& get(const std::string& key) const {
        if (!attrs_->contains(key)) fail(key, "attribute is missing");
        return attrs_->at(key);
    }
    void integer(const std::string& key, std::int64_t expected) const {
        const json& v = get(key);
        if (!v.is_number_integer() || v.get<std::int64_t>() != expected)
            fail(key, "is " + jsonPreview(v) + ", init_kwargs give " + std::to_string(expected));
    }
    void boolean(const std::string& key, bool expected) const {
        const json& v = get(key);
        if (!v.is_boolean() || v.get<bool>() != expected)
            fail(key, "is " + jsonPreview(v) + ", init_kwargs give " + (expected ? "True" : "False"));
    }
    void number(const std::string& key, double expected) const {
        const json& v = get(key);
        if (!v.is_number() || std::abs(v.get<double>() - expected) > 1e-9 * std::max(1.0, std::abs(expected)))
            fail(key, "is " + jsonPreview(v) + ", init_kwargs give " + jsonPreview(json(expected)));
    }
    void ints(const std::string& key, const std::vector<std::int64_t>& expected) const {
        const json& v = get(key);
        bool ok = v.is_array() && v.size() == expected.size();
        for (size_t i = 0; ok && i < expected.size(); ++i)
            ok = v[i].is_number_integer() && v[i].get<std::int64_t>() == expected[i];
        if (!ok) fail(key, "is " + jsonPreview(v) + ", init_kwargs give " + jsonPreview(json(expected)));
    }
    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw std::runtime_error(source_ + ": " + module_ + (key.empty() ? "" : "." + key) + ": " + what);
    }

private:
    std::string source_, module_;
    const json* attrs_ = nullptr;
};

void checkLayerNames(const RawWeights& raw, const Sg3Config& c, const json& all) {
    const AttributeChecker synthesis(raw.source, all, "synthesis");
    const json& names = synthesis.get("layer_names");
    if (!names.is_array()) synthesis.fail("layer_names", "is " + jsonPreview(names) + ", expected a list of str");
    for (size_t i = 0; i < names.size() && i < c.layers.size(); ++i) {
        const std::string got = names[i].is_string() ? names[i].get<std::string>() : jsonPreview(names[i]);
        if (got == c.layers[i].name) continue;
        if (got.size() < 2 || got[0] != 'L')
            synthesis.fail("layer_names", "entry " + std::to_string(i) + " " + quoteText(got) +
                                              " is not a StyleGAN3 layer (L<index>_<size>_<channels>); expected '" +
                                              c.layers[i].name + "'");
        synthesis.fail("layer_names", "entry " + std::to_string(i) + " is " + quoteText(got) + ", but init_kwargs (num_layers=" +
                                          std::to_string(c.num_layers) + ") give '" + c.layers[i].name +
                                          "': the layer layout does not match the architecture");
    }
    if (names.size() != c.layers.size())
        synthesis.fail("layer_names", "lists " + std::to_string(names.size()) + " layers, init_kwargs (num_layers=" +
                                          std::to_string(c.num_layers) + ") give " + std::to_string(c.layers.size()) +
                                          " (with ToRGB)");
    synthesis.integer("num_ws", c.numWs());
    synthesis.number("output_scale", c.output_scale);
}

void checkAttributes(const RawWeights& raw, const Sg3Config& c) {
    const json all = parseJsonText(raw.attributes_json, raw.source + ": module attributes");
    checkLayerNames(raw, c, all);

    const AttributeChecker in(raw.source, all, "synthesis.input");
    in.integer("channels", c.input.channels);
    in.ints("size", {c.input.size, c.input.size});
    in.number("sampling_rate", c.input.sampling_rate);
    in.number("bandwidth", c.input.bandwidth);

    for (const auto& l : c.layers) {
        const AttributeChecker a(raw.source, all, "synthesis." + l.name);
        a.boolean("is_torgb", l.is_torgb);
        a.boolean("is_critically_sampled", l.is_critically_sampled);
        a.integer("in_channels", l.in_channels);
        a.integer("out_channels", l.out_channels);
        a.ints("in_size", {l.in_size, l.in_size});
        a.ints("out_size", {l.out_size, l.out_size});
        a.number("in_sampling_rate", l.in_sampling_rate);
        a.number("out_sampling_rate", l.out_sampling_rate);
        a.number("tmp_sampling_rate", l.tmp_sampling_rate);
        a.number("in_cutoff", l.in_cutoff);
        a.number("out_cutoff", l.out_cutoff);
        a.number("in_half_width", l.in_half_width);
        a.number("out_half_width", l.out_half_width);
        a.integer("conv_kernel", l.conv_kernel);
        a.integer("up_factor", l.up_factor);
        a.integer("down_factor", l.down_factor);
        a.integer("up_taps", l.up_taps);
        a.integer("down_taps", l.down_taps);
        a.boolean("down_radial", l.down_radial);
        a.ints("padding", {l.padding[0], l.padding[1], l.padding[2], l.padding[3]});
        if (c.has_conv_clamp) a.number("conv_clamp", c.conv_clamp);
        else if (!a.get("conv_clamp").is_null()) a.fail("conv_clamp", "is " + jsonPreview(a.get("conv_clamp")) + ", init_kwargs give None");
    }
}

}  // namespace

bool claimsStyleGan3(const RawWeights& raw) {
    switch (raw.container) {
        case Container::PyTorchPickle: return bareClassIs(raw, "Generator") && hasTensorUnder(raw, "synthesis.input.");
        case Container::Safetensors: return raw.class_name == kStyleGan3Class;
        case Container::TfPickle: return false;
    }
    return false;
}

// A network pickle keeps only the bare class name; its layer attributes stay, for sg3ConfigFromRaw to check.
RawWeights adoptStyleGan3(RawWeights raw) {
    if (raw.container == Container::PyTorchPickle) {
        raw.class_name = kStyleGan3Class;
        raw.container = Container::Safetensors;
    }
    return raw;
}

Sg3Config sg3ConfigFromRaw(const RawWeights& raw) {
    if (raw.class_name != kStyleGan3Class)
        throw std::runtime_error(raw.source + ": class " + quoteText(raw.class_name) + " is not a StyleGAN3 generator (expected " +
                                 kStyleGan3Class + ")");
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no 'init_kwargs' metadata: cannot tell the generator's architecture");
    const Sg3Config c = Sg3Config::fromJson(raw.init_kwargs_json, raw.source);
    if (!raw.attributes_json.empty()) checkAttributes(raw, c);
    return c;
}

ExpectedTensorWords styleGan3Words() {
    ExpectedTensorWords words;
    words.not_part_of = "a StyleGAN3 generator with these init_kwargs";
    words.missing_note = "; a None or absent buffer where the layer needs one";
    return words;
}

TensorValueCheck styleGan3ValueCheck(const std::string& source) {
    return [source](const std::string& name, const float* values, std::size_t count) {
        const bool is_gain = name.size() > 14 && name.compare(name.size() - 14, 14, ".magnitude_ema") == 0;
        if (is_gain && count == 1 && !(values[0] > 0))
            throw std::runtime_error(source + ": tensor '" + name + "' is " + std::to_string(values[0]) +
                                     ", expected > 0 (the layer's input gain is its inverse square root)");
    };
}

void checkSg3Weights(const RawWeights& raw, const Sg3Config& config, const ProgressHooks& hooks) {
    checkExpectedTensors(raw, namedShapes(config.expectedTensors()), styleGan3Words(), hooks,
                         styleGan3ValueCheck(raw.source));
}

FamilyReader styleGan3Reader() {
    FamilyReader r;
    r.name = "stylegan3";
    r.claims = claimsStyleGan3;
    r.adopt = adoptStyleGan3;
    r.validate = [](const RawWeights& raw, const ProgressHooks& hooks) { checkSg3Weights(raw, sg3ConfigFromRaw(raw), hooks); };
    r.describe = [](const RawWeights& raw) {
        ModelDescription d = sg3ConfigFromRaw(raw).describe();   // no noise inputs
        d.notes = raw.notes;
        return d;
    };
    return r;
}

}  // namespace stylemix
