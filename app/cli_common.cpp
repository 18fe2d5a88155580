#include "app/cli_common.h"

#include "model/io/atomic_file.h"
#include "model/core/seed_spec.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace stylemix::cli {

void ModelOptions::add(CLI::App& cmd) {
    cmd.add_option("--model,--network", model, "Generator weights: .safetensors or NVIDIA .pkl")->capture_default_str();
    cmd.add_option("--device", device, "auto | cpu | cuda")->capture_default_str()->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd.add_option("--precision", precision, "fp32 | fp16 | bf16 (half precision: CUDA only, NVIDIA's top blocks)")
        ->capture_default_str()->check(CLI::IsMember({"fp32", "fp16", "bf16"}));
}

std::unique_ptr<Engine> ModelOptions::load() const {
    return Engine::load(model, parseDeviceChoice(device), parsePrecisionChoice(precision));
}

void RenderOptions::add(CLI::App& cmd, const std::string& default_noise_mode) {
    noise_mode = default_noise_mode;
    cmd.add_option("--trunc", psi, "Truncation psi")->capture_default_str();
    cmd.add_option("--trunc-cutoff", cutoff, "Truncate only the first N ws (default: all)");
    cmd.add_option("--noise-mode", noise_mode, "const | random | none")->capture_default_str()
        ->check(CLI::IsMember({"const", "random", "none"}));
    cmd.add_option("--noise-seed", noise_seed, "Seed of the random noise")->capture_default_str();
    cmd.add_option("--noise-strength", noise_strength,
                   "Comma-separated multipliers on each noise layer's learned strength (default all 1; 0 = off)");
    cmd.add_option("--class", class_index, "Class label for conditional models");
    cmd.add_option("--translate", translate, "Translate the input X,Y (StyleGAN3; like gen_images.py, e.g. 0.3,1)");
    rotate_option = cmd.add_option("--rotate", rotate, "Rotate the input by DEG degrees (StyleGAN3)");
}

OptionalTransform RenderOptions::transform() const {
    const bool rotated = rotate_option != nullptr && rotate_option->count() > 0;
    if (translate.empty() && !rotated) return std::nullopt;
    InputTransform t;
    if (!translate.empty()) {
        char extra = 0;
        if (std::sscanf(translate.c_str(), "%lf,%lf%c", &t.translate_x, &t.translate_y, &extra) != 2 ||
            !std::isfinite(t.translate_x) || !std::isfinite(t.translate_y))
            throw std::invalid_argument("--translate '" + translate + "' must be X,Y (two numbers)");
    }
    if (!std::isfinite(rotate)) throw std::invalid_argument("--rotate must be a finite number of degrees");
    t.rotate_deg = rotate;
    return t;
}

Truncation RenderOptions::truncation() const {
    if (!std::isfinite(psi)) throw std::invalid_argument("--trunc must be a finite number");
    if (cutoff < -1) throw std::invalid_argument("--trunc-cutoff must be >= 0");
    return {psi, cutoff};
}

NoiseSpec RenderOptions::noise(const ModelFacts& facts) const {
    NoiseSpec n;
    n.mode = parseNoiseMode(noise_mode);
    n.seed = noise_seed;
    if (!noise_strength.empty()) {
        std::stringstream in(noise_strength);
        std::string item;
        while (std::getline(in, item, ',')) {
            try {
                size_t used = 0;
                const float v = std::stof(item, &used);
                if (used != item.size() || !(v >= 0)) throw std::invalid_argument("");
                n.multipliers.push_back(v);
            } catch (const std::exception&) {
                throw std::invalid_argument("--noise-strength: '" + item + "' is not a non-negative number");
            }
        }
        if (n.multipliers.size() != facts.noise_layers.size())
            throw std::invalid_argument("--noise-strength: " + std::to_string(n.multipliers.size()) +
                                        " values given, the model has " + std::to_string(facts.noise_layers.size()) +
                                        " noise layers");
    }
    return n;
}

std::vector<Source> sourcesFromSpec(const std::string& spec, const std::string& what, int class_index) {
    std::vector<Source> out;
    for (auto seed : parseSpec(spec, what)) out.push_back({seed, class_index});
    return out;
}

std::vector<int> stylesFromSpec(const std::string& spec, const std::string& what, int num_ws) {
    std::vector<int> out;
    for (auto v : parseSpec(spec, what, static_cast<std::uint64_t>(num_ws) - 1, 4096)) out.push_back(static_cast<int>(v));
    return out;
}

void writeOutputs(const std::string& outdir, const std::vector<std::pair<std::string, Image>>& files) {
    ensureDirectory(outdir);
    for (const auto& [name, image] : files) writePng(outdir + "/" + name, image);
}

}  // namespace stylemix::cli
