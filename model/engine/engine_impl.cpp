// Engine::Impl: the ws of sources and subjects, and the checks every request
// passes before anything renders.
#include "model/engine/engine_impl.h"

namespace stylemix {

torch::Tensor Engine::Impl::latents(const std::vector<Source>& sources) const {
    const int z_dim = g().description().z_dim;
    torch::Tensor z = torch::empty({static_cast<int64_t>(sources.size()), z_dim}, torch::kFloat64);
    for (size_t i = 0; i < sources.size(); ++i) {
        if (!sources[i].isSeed()) throw std::logic_error("latents: " + sources[i].label() + " is not a seed");
        const auto v = latentForSeed(sources[i].seed, z_dim);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

torch::Tensor Engine::Impl::labels(const std::vector<Source>& sources) const {
    const int c_dim = g().description().c_dim;
    if (c_dim == 0) return {};
    torch::Tensor c = torch::zeros({static_cast<int64_t>(sources.size()), c_dim}, torch::kFloat32);
    for (size_t i = 0; i < sources.size(); ++i) {
        const int k = sources[i].class_index;
        if (k < 0 || k >= c_dim)
            throw std::invalid_argument("this model is conditional with " + std::to_string(c_dim) +
                                        " classes: " + sources[i].label() +
                                        (k < 0 ? " needs a class (--class)" : " has class " + std::to_string(k) + ", out of range"));
        c[static_cast<int64_t>(i)][k] = 1.0f;
    }
    return c;
}

torch::Tensor Engine::Impl::seedWs(const Source& seed, const Truncation& t, bool mixing_style) const {
    const std::vector<Source> one = {seed};
    if (t.cutoff >= 0 || !mixing_style)
        return g().mapping(latents(one), labels(one), t.psi, t.cutoff >= 0 ? std::optional<int>(t.cutoff) : std::nullopt);
    return g().truncateAll(g().mapping(latents(one), labels(one), 1.0), t.psi);
}

// NVIDIA's visualizer (viz/renderer.py): each neighbouring seed's ws, mapped and truncated as a seed source
// is, minus w_avg, weighted, summed, plus w_avg. An integer position is exactly its seed's ws.
torch::Tensor Engine::Impl::positionWs(const Source& p, const Truncation& t, bool mixing_style) {
    const std::vector<WeightedSeed> seeds = positionSeeds(p.x, p.y);
    if (seeds.size() == 1 && seeds[0].weight == 1.0) return wsOf({Source{seeds[0].seed, p.class_index}}, t, mixing_style);
    std::vector<torch::Tensor> parts;
    torch::Tensor w_avg;
    for (const WeightedSeed& s : seeds) {
        const torch::Tensor w = wsOf({Source{s.seed, p.class_index}}, t, mixing_style);
        if (!w_avg.defined()) w_avg = g().truncateAll(w, 0.0);   // the family's truncation at psi 0 is w_avg exactly
        parts.push_back((w - w_avg) * s.weight);
    }
    return torch::stack(parts).sum(0) + w_avg;
}

// A W array as it is: never truncated, and only of this model's shape.
torch::Tensor Engine::Impl::arrayWs(const Source& s) const {
    const WArray& a = *s.ws_array;
    if (a.num_ws != g().numWs() || a.w_dim != g().description().w_dim)
        throw std::invalid_argument(s.label() + ": W array of shape [" + std::to_string(a.num_ws) + ", " +
                                    std::to_string(a.w_dim) + "], this model expects [" + std::to_string(g().numWs()) +
                                    ", " + std::to_string(g().description().w_dim) + "]");
    return torch::from_blob(const_cast<float*>(a.values.data()), {1, a.num_ws, a.w_dim}, torch::kFloat32)
        .to(g().device(), /*non_blocking=*/false, /*copy=*/true);
}

torch::Tensor Engine::Impl::sourceWs(const Source& s, const Truncation& t, bool mixing_style) {
    switch (s.kind) {
        case Source::Kind::Seed: return seedWs(s, t, mixing_style);
        case Source::Kind::Position: return positionWs(s, t, mixing_style);
        case Source::Kind::Ws: return arrayWs(s);
    }
    throw std::logic_error("sourceWs: unknown source kind");
}

torch::Tensor Engine::Impl::subjectWs(const LabSubject& s) {
    std::vector<Source> src = {s.source};
    if (s.mix_with) src.push_back(*s.mix_with);
    torch::Tensor ws = wsOf(src, s.truncation, /*mixing_style=*/s.mix_with.has_value());
    torch::Tensor out = ws.slice(0, 0, 1).clone();
    if (s.mix_with)
        for (int idx : s.styles) out.select(1, idx).copy_(ws.select(1, idx).slice(0, 1, 2));
    return out;
}

void Engine::Impl::checkStyles(const std::vector<int>& styles, const std::string& what) const {
    for (int s : styles)
        if (s < 0 || s >= g().numWs())
            throw std::invalid_argument(what + ": style index " + std::to_string(s) + " is out of range (the model has " +
                                        std::to_string(g().numWs()) + " ws: 0-" + std::to_string(g().numWs() - 1) + ")");
}

void Engine::Impl::checkTruncation(const Truncation& t) const {
    if (!(std::fabs(t.psi) < kMaxAbsPsi))
        throw std::invalid_argument("truncation psi must be a finite number with |psi| < " +
                                    std::to_string(static_cast<int>(kMaxAbsPsi)));
    if (t.cutoff > g().numWs())
        throw std::invalid_argument("truncation cutoff " + std::to_string(t.cutoff) + " exceeds num_ws " +
                                    std::to_string(g().numWs()));
}

void Engine::Impl::checkSubject(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks) const {
    checkTruncation(subject.truncation);
    checkNoise(noise);
    checkStyles(subject.styles, "subject");
    hooks.check();
}

void Engine::Impl::applyTransform(const OptionalTransform& t) {
    if (t && !facts.has_input_transform)
        throw std::invalid_argument("input transform: this model (" + facts.family_label +
                                    ") has no input transform; translate / rotate need a StyleGAN3 generator");
    if (t && !(std::abs(t->translate_x) <= 1e6 && std::abs(t->translate_y) <= 1e6 && std::abs(t->rotate_deg) <= 1e9))
        throw std::invalid_argument("input transform: translate and rotate must be finite numbers");
    if (t == transform) return;
    transform = t;
    clearCache();
}

void Engine::Impl::checkHasNoise(const std::string& what) const {
    if (!facts.hasNoise())
        throw std::invalid_argument(what + ": this model (" + facts.family_label + ") has no noise inputs");
}

void Engine::Impl::checkNoise(const NoiseSpec& n) const {
    if (!n.multipliers.empty() && n.multipliers.size() != g().noiseLayers().size())
        throw std::invalid_argument("noise: " + std::to_string(n.multipliers.size()) + " layer multipliers given, the model has " +
                                    std::to_string(g().noiseLayers().size()) + " noise layers");
    for (float m : n.multipliers)
        if (!(m >= 0 && m <= 1000)) throw std::invalid_argument("noise: layer multipliers must be in [0, 1000]");
}

}  // namespace stylemix
