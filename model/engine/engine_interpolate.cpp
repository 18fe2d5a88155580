// Engine::interpolate: a strip of frames between two sources, in z (slerp) or
// in w (lerp); each frame's ws rendered as a W-array source is.
#include "model/engine/engine_impl.h"

#include "model/core/numpy_random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stylemix {
namespace {

// The seed a z-space endpoint stands for: a seed, or a position on an integer point.
Source zEndpoint(const Source& s, const char* which) {
    if (s.kind == Source::Kind::Seed) return s;
    if (s.kind == Source::Kind::Position) {
        const std::vector<WeightedSeed> seeds = positionSeeds(s.x, s.y);
        if (seeds.size() == 1 && seeds[0].weight == 1.0) return Source{seeds[0].seed, s.class_index};
    }
    throw std::invalid_argument(std::string("interpolation in z: ") + which + " (" + s.label() +
                                ") has no single latent z; only seeds and integer positions do (interpolate it in w)");
}

// Spherical interpolation of float64 vectors (their norms blend too); falls
// back to linear when the two are nearly parallel. t = 0 and 1 give a and b exactly.
std::vector<double> slerp(const std::vector<double>& a, const std::vector<double>& b, double t) {
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) dot += a[i] * b[i], na += a[i] * a[i], nb += b[i] * b[i];
    const double cosine = std::clamp(dot / std::sqrt(na * nb), -1.0, 1.0);
    const double omega = std::acos(cosine);
    double ca = 1 - t, cb = t;
    if (std::sin(omega) > 1e-6) ca = std::sin((1 - t) * omega) / std::sin(omega), cb = std::sin(t * omega) / std::sin(omega);
    if (t == 0) ca = 1, cb = 0;
    if (t == 1) ca = 0, cb = 1;
    std::vector<double> out(a.size());
    for (size_t i = 0; i < a.size(); ++i) out[i] = ca * a[i] + cb * b[i];
    return out;
}

double frameT(int i, int steps) { return static_cast<double>(i) / static_cast<double>(steps - 1); }

std::string frameName(const InterpolationRequest& r, double t) {
    char text[32];
    std::snprintf(text, sizeof text, " t=%.4g", t);
    return r.from.label() + " -> " + r.to.label() + " (" + interpolationSpaceName(r.space) + ")" + text;
}

WArrayPtr frameArray(const InterpolationRequest& r, double t, const torch::Tensor& ws) {
    const torch::Tensor w = ws.to(torch::kCPU, torch::kFloat32).contiguous();
    std::vector<float> values(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    return makeWArray(frameName(r, t), static_cast<int>(w.size(1)), static_cast<int>(w.size(2)), std::move(values));
}

}  // namespace

InterpolationResult Engine::interpolate(const InterpolationRequest& r, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    if (r.steps < 2 || r.steps > kMaxInterpolationSteps)
        throw std::invalid_argument("interpolation: steps must be 2-" + std::to_string(kMaxInterpolationSteps) + ", got " +
                                    std::to_string(r.steps));
    m.checkTruncation(r.truncation);
    m.checkNoise(r.noise);
    InterpolationResult out;
    if (r.space == InterpolationSpace::W) {
        const torch::Tensor a = m.sourceWs(r.from, r.truncation, false).to(torch::kFloat64);
        const torch::Tensor b = m.sourceWs(r.to, r.truncation, false).to(torch::kFloat64);
        for (int i = 0; i < r.steps; ++i) {
            const double t = frameT(i, r.steps);
            out.ws.push_back(frameArray(r, t, a * (1 - t) + b * t));
        }
    } else {
        const Source from = zEndpoint(r.from, "from"), to = zEndpoint(r.to, "to");
        const int z_dim = m.g().description().z_dim;
        const std::vector<double> za = latentForSeed(from.seed, z_dim), zb = latentForSeed(to.seed, z_dim);
        const torch::Tensor ca = m.labels({from}), cb = m.labels({to});
        const std::optional<int> cutoff = r.truncation.cutoff >= 0 ? std::optional<int>(r.truncation.cutoff) : std::nullopt;
        for (int i = 0; i < r.steps; ++i) {
            const double t = frameT(i, r.steps);
            std::vector<double> z = slerp(za, zb, t);
            const torch::Tensor zt = torch::from_blob(z.data(), {1, z_dim}, torch::kFloat64).clone();
            const torch::Tensor c = ca.defined() ? (t == 0 ? ca : t == 1 ? cb : ca * static_cast<float>(1 - t) + cb * static_cast<float>(t))
                                                 : torch::Tensor();
            out.ws.push_back(frameArray(r, t, m.g().mapping(zt, c, r.truncation.psi, cutoff)));
        }
    }
    hooks.check();
    GenerateRequest frames;
    for (const WArrayPtr& w : out.ws) frames.sources.push_back(Source::ws(w));
    frames.noise = r.noise;
    frames.transform = r.transform;
    out.images = generate(frames, hooks);
    return out;
}

}  // namespace stylemix
