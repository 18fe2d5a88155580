// Options and helpers shared by the stylemix subcommands.
#pragma once

#include "model/engine/engine.h"
#include "model/io/image_io.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stylemix::cli {

// --model, --device, --precision
struct ModelOptions {
    std::string model = STYLEMIX_DEFAULT_MODEL;
    std::string device = "auto";
    std::string precision = "fp32";
    void add(CLI::App& cmd);
    std::unique_ptr<Engine> load() const;
};

// --trunc, --trunc-cutoff, --noise-mode, --noise-seed, --noise-strength, --class,
// --translate, --rotate
struct RenderOptions {
    double psi = 1.0;
    int cutoff = -1;
    std::string noise_mode = "const";
    std::uint64_t noise_seed = 0;
    std::string noise_strength;   // comma-separated per-layer multipliers
    int class_index = -1;
    std::string translate;        // "X,Y"
    double rotate = 0;            // degrees
    CLI::Option* rotate_option = nullptr;
    void add(CLI::App& cmd, const std::string& default_noise_mode = "const");
    Truncation truncation() const;
    // Set when --translate or --rotate was given (gen_images.py's convention).
    OptionalTransform transform() const;
    NoiseSpec noise(const ModelFacts& facts) const;
};

std::vector<Source> sourcesFromSpec(const std::string& spec, const std::string& what, int class_index);
std::vector<int> stylesFromSpec(const std::string& spec, const std::string& what, int num_ws);

// Writes every (path, image) pair only after all rendering succeeded; each file atomically.
void writeOutputs(const std::string& outdir, const std::vector<std::pair<std::string, Image>>& files);

// Registration of each subcommand: adds it to `app` and returns its runner.
using Runner = std::function<int()>;
Runner addGenerateCommand(CLI::App& app);
Runner addMixCommand(CLI::App& app);
Runner addNoiseCommand(CLI::App& app);
Runner addConvertCommand(CLI::App& app);
Runner addRenderCommand(CLI::App& app);
Runner addInfoCommand(CLI::App& app);

}  // namespace stylemix::cli
