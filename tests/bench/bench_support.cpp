#include "bench_support.h"

#include "model/core/numpy_random.h"
#include "model/nets/stylegan2/stylegan2_generator.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace stylemix::bench {

NoiseLabRequest labRequest(int keep, std::optional<std::uint64_t> noise_seed) {
    NoiseLabRequest lab;
    lab.subject.source = {7, -1};
    lab.noise.mode = NoiseMode::Random;
    if (noise_seed) lab.noise.seed = *noise_seed;
    lab.samples = 100;
    lab.keep_images = keep;
    return lab;
}

std::vector<Source> seeds(std::uint64_t first, int count) {
    std::vector<Source> out;
    for (int i = 0; i < count; ++i) out.push_back({first + static_cast<std::uint64_t>(i), -1});
    return out;
}

std::vector<int> range(int b, int e) {
    std::vector<int> v;
    for (int i = b; i < e; ++i) v.push_back(i);
    return v;
}

torch::Tensor latents(const std::vector<Source>& src, int z_dim) {
    torch::Tensor z = torch::empty({static_cast<int64_t>(src.size()), z_dim}, torch::kFloat64);
    for (size_t i = 0; i < src.size(); ++i) {
        const auto v = latentForSeed(src[i].seed, z_dim);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

std::unique_ptr<Generator> randomGenerator(const StyleGan2Config& config, torch::Device device, Precision precision,
                                           std::uint64_t seed) {
    torch::manual_seed(static_cast<int64_t>(seed));
    std::map<std::string, torch::Tensor> sd;
    for (const auto& t : config.expectedTensors()) {
        const std::string& n = t.name;
        auto ends = [&](const std::string& suffix) {
            return n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        torch::Tensor v;
        if (ends("resample_filter")) {
            torch::Tensor f = torch::tensor(std::vector<double>(config.resample_filter.begin(), config.resample_filter.end()),
                                            torch::kFloat32);
            v = t.shape.size() == 2 ? torch::outer(f, f) : f;
            v = v / v.sum();
        } else if (ends("affine.bias")) {
            v = torch::ones(t.shape);
        } else if (ends("bias") || ends("w_avg") || ends("noise_strength")) {
            v = torch::zeros(t.shape);
        } else {
            v = torch::randn(t.shape);
        }
        sd[n] = v;
    }
    return std::make_unique<StyleGan2Generator>(config, std::move(sd), device, precision);
}

StyleGan2Config configF1024() {
    StyleGan2Config c;
    c.z_dim = 512;
    c.w_dim = 512;
    c.c_dim = 0;
    c.img_resolution = 1024;
    c.img_channels = 3;
    c.channel_base = 32768;
    c.channel_max = 512;
    c.num_fp16_res = 4;
    c.conv_clamp = 256.0;
    return c;
}

double nvidiaGridLoop(const Generator& g, const MixRequest& req) {
    c10::InferenceMode guard;
    const auto t0 = Clock::now();
    std::vector<Source> unique;
    for (const auto& s : req.rows)
        if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
    for (const auto& s : req.cols)
        if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
    const torch::Tensor ws = g.truncateAll(g.mapping(latents(unique, g.description().z_dim), {}, 1.0), req.truncation.psi);
    auto toU8 = [](const torch::Tensor& img) {
        return (img.permute({0, 2, 3, 1}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).to(torch::kCPU);
    };
    torch::Tensor all = toU8(g.synthesis(ws, req.noise));
    auto idx = [&](const Source& s) { return static_cast<int64_t>(std::find(unique.begin(), unique.end(), s) - unique.begin()); };
    for (const auto& r : req.rows)
        for (const auto& c : req.cols) {
            torch::Tensor w = ws[idx(r)].clone();
            for (int s : req.styles) w[s].copy_(ws[idx(c)][s]);
            torch::Tensor img = toU8(g.synthesis(w.unsqueeze(0), req.noise));
            (void)img;
        }
    sync(g.device());
    return msSince(t0);
}

MixRequest gridRequest(int rows, int cols, std::vector<int> styles) {
    MixRequest m;
    m.rows = seeds(100, rows);
    m.cols = seeds(200, cols);
    m.styles = std::move(styles);
    return m;
}

std::vector<Preset> presets(int num_ws) {
    const WsRange c = coarseRange(num_ws), m = middleRange(num_ws), f = fineRange(num_ws);
    return {{"coarse " + std::to_string(c.begin) + "-" + std::to_string(c.end - 1), range(c.begin, c.end)},
            {"middle " + std::to_string(m.begin) + "-" + std::to_string(m.end - 1), range(m.begin, m.end)},
            {"fine " + std::to_string(f.begin) + "-" + std::to_string(f.end - 1), range(f.begin, f.end)},
            {"styles 0-6", range(0, std::min(7, num_ws))}};
}

}  // namespace stylemix::bench
