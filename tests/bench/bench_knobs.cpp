// Knob-change benchmark (not a test; issue 20 §4): a 5x4 mixing grid from
// scratch, then a change of the finest noise layer's knob and of the coarsest,
// each timed with the cache warm from the previous request (as in the
// explorer), and the noise lab's drag on the finest knob, on the bundled model and on a 256² StyleGAN2 with random weights.
// Built from the same source against old and new trees for before/after runs.
//
//   bench_knobs [--model PATH] [--runs N] [--no-256]
#include "model/engine/engine.h"
#include "model/nets/generator.h"
#include "model/nets/stylegan2/stylegan2_generator.h"

#include <torch/torch.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace stylemix;
using Clock = std::chrono::steady_clock;

namespace {

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

// StageTimings::image_layers where the tree has it (the new one), else -1.
template <class T>
auto layersRun(const T& t, int) -> decltype(static_cast<long long>(t.image_layers)) { return t.image_layers; }
template <class T>
long long layersRun(const T&, long) { return -1; }

// A 256² StyleGAN2 (NVIDIA's paper256 shape: channel_base 16384, channel_max 512) with random weights.
std::unique_ptr<Generator> random256() {
    StyleGan2Config c;
    c.z_dim = c.w_dim = 512;
    c.img_resolution = 256;
    c.img_channels = 3;
    c.channel_base = 16384;
    c.channel_max = 512;
    c.num_fp16_res = 0;
    torch::manual_seed(1);
    std::map<std::string, torch::Tensor> sd;
    for (const auto& t : c.expectedTensors()) {
        const std::string& n = t.name;
        auto ends = [&](const std::string& s) { return n.size() >= s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
        torch::Tensor v;
        if (ends("resample_filter")) {
            torch::Tensor f = torch::tensor(std::vector<double>(c.resample_filter.begin(), c.resample_filter.end()), torch::kFloat32);
            v = t.shape.size() == 2 ? torch::outer(f, f) : f;
            v = v / v.sum();
        } else if (ends("affine.bias")) {
            v = torch::ones(t.shape);
        } else if (ends("noise_strength")) {
            v = torch::full(t.shape, 0.1);   // noise that matters, so a knob changes pixels
        } else if (ends("bias") || ends("w_avg")) {
            v = torch::zeros(t.shape);
        } else {
            v = torch::randn(t.shape);
        }
        sd[n] = v;
    }
    return std::make_unique<StyleGan2Generator>(c, std::move(sd), torch::kCPU, Precision::FP32);
}

MixRequest grid(int num_noise) {
    MixRequest m;
    for (int r = 0; r < 5; ++r) m.rows.push_back({static_cast<std::uint64_t>(300 + r), -1});
    for (int c = 0; c < 4; ++c) m.cols.push_back({static_cast<std::uint64_t>(400 + c), -1});
    m.styles = {4, 5, 6, 7};
    m.noise.multipliers.assign(static_cast<size_t>(num_noise), 1.f);
    return m;
}

struct Timed {
    double ms = 0;
    long long layers = -1;
};

Timed timedMix(Engine& e, const MixRequest& req) {
    const auto t0 = Clock::now();
    const MixResult r = e.mix(req);
    return {std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), layersRun(r.timings, 0)};
}

Timed timedLab(Engine& e, const NoiseLabRequest& req) {
    const auto t0 = Clock::now();
    const NoiseLabResult r = e.noiseLab(req);
    return {std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), layersRun(r.timings, 0)};
}

// The noise lab at K = 100 as the explorer runs it: from scratch, then a drag
// on the finest knob (its first step renders everything, the next ones resume).
void benchLab(Engine& e, int J, int run, std::map<std::string, std::vector<Timed>>& rows) {
    NoiseLabRequest lab;
    lab.subject.source = Source{7};
    lab.noise.mode = NoiseMode::Random;
    lab.noise.multipliers.assign(static_cast<size_t>(J), 1.f);
    lab.samples = 100;
    lab.keep_images = 8;
    e.clearCache();
    rows["lab K=100 from scratch"].push_back(timedLab(e, lab));
    lab.noise.multipliers.back() = 1.5f + 0.25f * static_cast<float>(run);
    rows["lab K=100 finest knob, first drag step"].push_back(timedLab(e, lab));
    lab.noise.multipliers.back() += 0.1f;
    rows["lab K=100 finest knob, next drag step"].push_back(timedLab(e, lab));
}

void bench(Engine& e, const std::string& model, int runs) {
    const int J = static_cast<int>(e.generator().noiseLayers().size());
    std::map<std::string, std::vector<Timed>> rows;
    for (int run = 0; run < runs; ++run) {
        MixRequest req = grid(J);
        e.clearCache();
        rows["grid from scratch"].push_back(timedMix(e, req));
        // A drag on a knob: its first step, then the next (new values each run: no cache hit).
        req.noise.multipliers.back() = 1.5f + 0.25f * static_cast<float>(run);
        rows["finest-layer knob, first drag step"].push_back(timedMix(e, req));
        req.noise.multipliers.back() += 0.1f;
        rows["finest-layer knob, next drag step"].push_back(timedMix(e, req));
        req.noise.multipliers.front() = 1.5f + 0.25f * static_cast<float>(run);
        rows["coarsest-layer knob, first drag step"].push_back(timedMix(e, req));
        req.noise.multipliers.front() += 0.1f;
        rows["coarsest-layer knob, next drag step"].push_back(timedMix(e, req));
        benchLab(e, J, run, rows);
    }
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    for (auto& [item, v] : rows) {
        std::sort(v.begin(), v.end(), [](const Timed& a, const Timed& b) { return a.ms < b.ms; });
        const Timed& med = v[v.size() / 2];
        std::printf("| %s | %s | %.1f | %.1f | %lld | %s, %ld cores, load %s |\n", model.c_str(), item.c_str(), med.ms,
                    v.front().ms, med.layers, host, sysconf(_SC_NPROCESSORS_ONLN), loadAverage().c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string model = STYLEMIX_DEFAULT_MODEL;
    int runs = 5;
    bool big = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--model" && i + 1 < argc) model = argv[++i];
        else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-256") big = false;
        else {
            std::cerr << "bench_knobs [--model PATH] [--runs N] [--no-256]\n";
            return 2;
        }
    }
    c10::InferenceMode guard;
    std::printf("| model | item | median ms | min ms | layers run (image x layer) | machine |\n|---|---|---:|---:|---:|---|\n");
    bench(*Engine::load(model, DeviceChoice::CPU), "bundled avatars64 (CPU)", runs);
    if (big) bench(*Engine::fromGenerator(random256(), "256² random"), "StyleGAN2 256², random weights (CPU)", runs);
    return 0;
}
