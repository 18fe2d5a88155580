// The CLI's torch-free helpers: option parsing, figures into output sets, progress.
#include "app/cli_common.h"

#include "model/core/seed_spec.h"
#include "model/core/text_escape.h"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace stylemix::cli {

void ModelOptions::add(CLI::App& cmd) {
    cmd.add_option("--model,--network", model, "Generator weights: .safetensors or NVIDIA .pkl")->capture_default_str();
    cmd.add_option("--device", device, "auto | cpu | cuda")->capture_default_str()->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd.add_option("--precision", precision, "fp32 | fp16 | bf16 (half precision: CUDA only, NVIDIA's top blocks)")
        ->capture_default_str()->check(CLI::IsMember({"fp32", "fp16", "bf16"}));
}

void RenderOptions::add(CLI::App& cmd, const std::string& default_noise_mode) {
    noise_mode = default_noise_mode;
    cmd.add_option("--trunc", psi, "Truncation psi (|psi| < 100)")->capture_default_str();
    cmd.add_option("--trunc-cutoff", cutoff, "Truncate only the first N ws (default: all)");
    cmd.add_option("--noise-mode", noise_mode, "const | random | none")->capture_default_str()
        ->check(CLI::IsMember({"const", "random", "none"}));
    cmd.add_option("--noise-seed", noise_seed, "Seed of the random noise (0..2^63-1)")->capture_default_str();
    cmd.add_option("--noise-strength", noise_strength,
                   "Comma-separated multipliers on each noise layer's learned strength (default all 1; 0 = off)");
    cmd.add_option("--class", class_index, "Class label for conditional models (0..c_dim-1)");
    cmd.add_option("--translate", translate, "Translate the input X,Y (StyleGAN3; like gen_images.py, e.g. 0.3,1)");
    rotate_option = cmd.add_option("--rotate", rotate, "Rotate the input by DEG degrees (StyleGAN3)");
}

void checkOutputSuffix(const std::string& path, const std::string& suffix, const std::string& flag) {
    const auto lower = [](std::string t) {
        for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return t;
    };
    const std::string name = lower(path);
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), lower(suffix)) == 0) return;
    throw std::invalid_argument(flag + " '" + displayPath(path) + "': expected a " + suffix +
                                " file name (that is the format written)");
}

std::uint64_t parseUnsigned(const std::string& text, const std::string& what, std::uint64_t max) {
    std::uint64_t value = 0;
    bool ok = !text.empty() && text.size() <= 20;
    for (char c : text) {
        if (!ok) break;
        ok = c >= '0' && c <= '9' && !__builtin_mul_overflow(value, 10u, &value) &&
             !__builtin_add_overflow(value, static_cast<std::uint64_t>(c - '0'), &value);
    }
    if (!ok || value > max)
        throw std::invalid_argument(what + " " + quoteText(text) + " is out of range (expected 0.." +
                                    std::to_string(max) + ")");
    return value;
}

OptionalTransform RenderOptions::transform() const {
    const bool rotated = rotate_option != nullptr && rotate_option->count() > 0;
    if (translate.empty() && !rotated) return std::nullopt;
    InputTransform t;
    if (!translate.empty()) {
        char extra = 0;
        if (std::sscanf(translate.c_str(), "%lf,%lf%c", &t.translate_x, &t.translate_y, &extra) != 2 ||
            !(std::fabs(t.translate_x) <= kMaxTranslate) || !(std::fabs(t.translate_y) <= kMaxTranslate))
            throw std::invalid_argument("--translate " + quoteText(translate) +
                                        " must be X,Y (two numbers, each within +-" +
                                        std::to_string(static_cast<int>(kMaxTranslate)) + ")");
    }
    if (!(std::fabs(rotate) <= kMaxRotateDeg))
        throw std::invalid_argument("--rotate must be a number of degrees within +-" +
                                    std::to_string(static_cast<int>(kMaxRotateDeg)));
    t.rotate_deg = rotate;
    return t;
}

Truncation RenderOptions::truncation() const {
    // The explorer and recipes share this rule; beyond it the images are noise.
    if (!std::isfinite(psi) || std::fabs(psi) >= kMaxAbsPsi) {
        std::ostringstream v;
        v << psi;
        throw std::invalid_argument("--trunc " + v.str() + " is out of range (expected |psi| < " +
                                    std::to_string(static_cast<int>(kMaxAbsPsi)) + ")");
    }
    const int cut = cutoff.empty() ? -1 : static_cast<int>(parseUnsigned(cutoff, "--trunc-cutoff", 1 << 20));
    return {psi, cut};
}

NoiseSpec RenderOptions::noise(const ModelFacts& facts) const {
    NoiseSpec n;
    n.mode = parseNoiseMode(noise_mode);
    // Recipes store the seed as a signed 64-bit JSON integer.
    n.seed = parseUnsigned(noise_seed, "--noise-seed", static_cast<std::uint64_t>(INT64_MAX));
    if (!noise_strength.empty()) {
        std::stringstream in(noise_strength);
        std::string item;
        while (std::getline(in, item, ',')) {
            try {
                size_t used = 0;
                const float v = std::stof(item, &used);
                if (used != item.size() || !(v >= 0) || !std::isfinite(v)) throw std::invalid_argument("");
                n.multipliers.push_back(v);
            } catch (const std::exception&) {
                throw std::invalid_argument("--noise-strength: " + quoteText(item) +
                                            " is not a finite non-negative number");
            }
        }
        if (n.multipliers.size() != facts.noise_layers.size())
            throw std::invalid_argument("--noise-strength: " + std::to_string(n.multipliers.size()) +
                                        " values given, the model has " + std::to_string(facts.noise_layers.size()) +
                                        " noise layers");
    }
    return n;
}

int RenderOptions::classFor(const ModelFacts& facts) const {
    if (class_index.empty()) return -1;
    if (facts.c_dim == 0)
        throw std::invalid_argument("--class " + clipText(class_index) +
                                    ": the model is unconditional (c_dim 0), it takes no class");
    return static_cast<int>(parseUnsigned(class_index, "--class", static_cast<std::uint64_t>(facts.c_dim - 1)));
}

std::vector<SourceListItem> sourceItems(const std::string& spec, const std::string& what) {
    return parseSourceList(spec, what);
}

std::vector<Source> sourcesFor(const std::vector<SourceListItem>& items, const ModelFacts& facts, int class_index) {
    return resolveSourceList(items, facts.num_ws, facts.w_dim, class_index);
}

Source oneSource(const std::vector<SourceListItem>& items, const std::string& spec, const std::string& what, const ModelFacts& facts, int class_index) {
    const std::vector<Source> sources = sourcesFor(items, facts, class_index);
    if (sources.size() != 1)
        throw std::invalid_argument(what + " " + clipText(spec) + " gives " + std::to_string(sources.size()) +
                                    " sources; it takes one (for a W file of several ws, FILE[i] picks w number i)");
    return sources[0];
}

std::string sourceStem(const Source& s) {
    if (s.kind == Source::Kind::Seed) return std::to_string(s.seed);
    if (s.kind == Source::Kind::Position) {
        std::string text = sourceText(s);
        for (char& c : text)
            if (c == ':') c = '_';
        return text;
    }
    const WOrigin& o = s.ws_array->origin;
    std::string stem = std::filesystem::path(o.path.empty() ? s.ws_array->name : o.path).stem().string();
    if (o.count > 1) {
        char index[16];
        std::snprintf(index, sizeof index, "-%02d", o.index);
        stem += index;
    }
    return stem;
}

std::vector<int> stylesFromSpec(const std::string& spec, const std::string& what, int num_ws) {
    std::vector<int> out;
    for (auto v : parseSpec(spec, what, static_cast<std::uint64_t>(num_ws) - 1, 4096)) out.push_back(static_cast<int>(v));
    return out;
}

std::string recipeJsonName(const std::string& png_name) {
    return (png_name.size() > 4 ? png_name.substr(0, png_name.size() - 4) : png_name) + ".json";
}

void addFigure(OutputSet& out, const std::string& name, const Image& image, const Recipe* recipe) {
    if (recipe == nullptr) {
        const auto png = encodePng(image);
        out.add(name, png.data(), png.size());
        return;
    }
    // The same pair the explorer's exports carry: the recipe inside the PNG and beside it.
    const std::string json = recipeToJson(*recipe);
    const auto png = encodePng(image, {{kRecipeTextKey, json}});
    out.add(name, png.data(), png.size());
    out.add(recipeJsonName(name), json + "\n");
}

ProgressLine::ProgressLine(std::string label, std::int64_t total)
    : label_(std::move(label)), total_(total), enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressLine::~ProgressLine() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
}

void ProgressLine::update(std::int64_t done) {
    if (!enabled_ || total_ <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    // At most ten redraws a second, and none for work that ends within half a second.
    if (now - last_ < std::chrono::milliseconds(100) || now - start_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    const long left = rate > 0 ? std::lround(static_cast<double>(total_ - done) / rate) : 0;
    char line[160];
    std::snprintf(line, sizeof line, "\r%s  %lld/%lld  %.1f/s  %ld:%02ld left\033[K", label_.c_str(),
                  static_cast<long long>(done), static_cast<long long>(total_), rate, left / 60, left % 60);
    std::cerr << line << std::flush;
    drawn_ = true;
}

ProgressHooks ProgressLine::hooks() {
    ProgressHooks h;
    h.progress = [this](float fraction) { update(std::llround(fraction * static_cast<double>(total_))); };
    return h;
}

}  // namespace stylemix::cli
