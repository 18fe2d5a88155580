// Engine::interpolate: a strip of frames between two sources, in z (slerp) or
// in w (lerp); each frame's ws rendered as a W-array source is.
#include "model/engine/interpolation_path.h"

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

InterpolationPath::InterpolationPath(Engine::Impl& m, const Source& from, const Source& to, InterpolationSpace space,
                                     const Truncation& truncation)
    : g_(m.g()), space_(space), truncation_(truncation) {
    if (space == InterpolationSpace::W) {
        a_ = m.sourceWs(from, truncation, false).to(torch::kFloat64);
        b_ = m.sourceWs(to, truncation, false).to(torch::kFloat64);
        return;
    }
    const Source zfrom = zEndpoint(from, "from"), zto = zEndpoint(to, "to");
    const int z_dim = g_.description().z_dim;
    za_ = latentForSeed(zfrom.seed, z_dim);
    zb_ = latentForSeed(zto.seed, z_dim);
    ca_ = m.labels({zfrom});
    cb_ = m.labels({zto});
}

torch::Tensor InterpolationPath::ws(double t) const {
    if (space_ == InterpolationSpace::W) return (a_ * (1 - t) + b_ * t).to(torch::kFloat32);
    const int z_dim = g_.description().z_dim;
    std::vector<double> z = slerp(za_, zb_, t);
    const torch::Tensor zt = torch::from_blob(z.data(), {1, z_dim}, torch::kFloat64).clone();
    const torch::Tensor c = ca_.defined() ? (t == 0 ? ca_ : t == 1 ? cb_ : ca_ * static_cast<float>(1 - t) + cb_ * static_cast<float>(t))
                                          : torch::Tensor();
    const std::optional<int> cutoff = truncation_.cutoff >= 0 ? std::optional<int>(truncation_.cutoff) : std::nullopt;
    return g_.mapping(zt, c, truncation_.psi, cutoff);
}

InterpolationResult Engine::interpolate(const InterpolationRequest& r, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    if (r.steps < 2 || r.steps > kMaxInterpolationSteps)
        throw std::invalid_argument("interpolation: steps must be 2-" + std::to_string(kMaxInterpolationSteps) + ", got " +
                                    std::to_string(r.steps));
    m.checkTruncation(r.truncation);
    m.checkNoise(r.noise);
    InterpolationResult out;
    const InterpolationPath path(m, r.from, r.to, r.space, r.truncation);
    for (int i = 0; i < r.steps; ++i) {
        const double t = frameT(i, r.steps);
        out.ws.push_back(frameArray(r, t, path.ws(t)));
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
