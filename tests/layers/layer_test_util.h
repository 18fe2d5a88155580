// Shared helpers of the layer tests (tests/layers/): the reference folders of
// tests/data/reference/layers (README there), their JSON and .npy files, and
// subjects as the references define them.
#pragma once

#include "model/core/render_types.h"
#include "model/io/npy_file.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace stylemix::layer_test {

inline std::string sourceDir() { return STYLEMIX_SOURCE_DIR; }
inline std::string referenceDir(const std::string& model) { return std::string(STYLEMIX_REFERENCE_DIR) + "/layers/" + model; }

inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline nlohmann::json readJson(const std::string& path) { return nlohmann::json::parse(readText(path)); }

// A float32 .npy as a CPU tensor of its shape.
inline torch::Tensor readNpy(const std::string& path) {
    const std::string bytes = readText(path);
    NpyArray a = parseNpy(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path);
    return torch::tensor(a.values).reshape(a.shape);
}

// Max |a - b| / max(1, max |b|): the error relative to the reference's scale.
inline double relError(const torch::Tensor& a, const torch::Tensor& b) {
    const torch::Tensor d = (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max();
    return d.item<double>() / std::max(1.0, b.abs().max().item<double>());
}

// The .npy file holding `who`'s capture of `layer` in a reference folder: the one its captures.json
// names (identical captures share a file, so the name need not be `who`'s).
inline std::string captureFile(const std::string& model, const std::string& who, const std::string& layer) {
    const nlohmann::json caps = readJson(referenceDir(model) + "/captures.json");
    for (const auto& c : caps.at("captures"))
        if (c.at("subject") == who && c.at("layer") == layer) return referenceDir(model) + "/" + c.at("file").get<std::string>();
    throw std::runtime_error("no capture of " + who + " at " + layer + " in " + referenceDir(model) + "/captures.json");
}

// The subject a captures.json entry names: "A" (seed_a), "B" (seed_b) or "mix" (A with B's mix_styles).
inline LabSubject referenceSubject(const nlohmann::json& caps, const std::string& who) {
    LabSubject s;
    s.truncation.psi = caps.at("psi").get<double>();
    s.source = Source{caps.at(who == "B" ? "seed_b" : "seed_a").get<std::uint64_t>(), -1};
    if (who == "mix") {
        s.mix_with = Source{caps.at("seed_b").get<std::uint64_t>(), -1};
        s.styles = caps.at("mix_styles").get<std::vector<int>>();
    }
    return s;
}

}  // namespace stylemix::layer_test
