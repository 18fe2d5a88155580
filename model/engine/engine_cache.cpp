// Engine::Impl's cross-request cache: what it keeps (snapshots up to a
// resolution that fits the budget), least-recently-used eviction with the ws
// memo going first, and the ws memo itself.
#include "model/engine/engine_impl.h"

namespace stylemix {

void Engine::Impl::initCachePolicy(std::size_t budget) {
    cache_budget = budget;
    const auto& layers = g().layers();
    const std::vector<int> boundaries = wsBoundaries(layers);
    // Keep every boundary snapshot up to the largest resolution whose per-source total fits in 1/32 of the budget.
    std::set<int> resolutions;
    for (const auto& l : layers) resolutions.insert(l.resolution);
    keep_resolution = 0;
    for (int res : resolutions) {
        double bytes = 0;
        for (int p : boundaries)
            if (layers[static_cast<size_t>(p - 1)].resolution <= res) bytes += g().snapshotBytes(p);
        if (bytes * 32 <= static_cast<double>(budget)) keep_resolution = res;
    }
    first_layer_of_noise.assign(g().noiseLayers().size(), static_cast<int>(layers.size()));
    for (size_t l = layers.size(); l-- > 0;)
        if (layers[l].noise_index >= 0) first_layer_of_noise.at(static_cast<size_t>(layers[l].noise_index)) = static_cast<int>(l);
}

int Engine::Impl::cellKeepResolution(std::size_t cells) const {
    const auto& layers = g().layers();
    const std::vector<int> boundaries = wsBoundaries(layers);
    int keep = 0;
    for (int res = 1; res <= keep_resolution; res *= 2) {
        double bytes = 0;
        for (int p : boundaries)
            if (layers[static_cast<size_t>(p - 1)].resolution <= res) bytes += g().snapshotBytes(p);
        if (bytes * static_cast<double>(cells) * 4 <= static_cast<double>(cache_budget)) keep = res;
    }
    return keep;
}

bool Engine::Impl::samePrefixNoise(const SourceKey& a, const SourceKey& b, int layer_count) const {
    for (size_t j = 0; j < first_layer_of_noise.size(); ++j) {
        if (first_layer_of_noise[j] >= layer_count) continue;   // not consumed yet
        if (a.noise_mode != b.noise_mode || a.noise_seed != b.noise_seed) return false;
        const float ma = j < a.multipliers.size() ? a.multipliers[j] : 1.f, mb = j < b.multipliers.size() ? b.multipliers[j] : 1.f;
        if (ma != mb) return false;
    }
    return true;
}

std::size_t Engine::Impl::borrowSnapshots(const SourceKey& to, const SourceKey& from,
                                          const std::map<int, SynthesisState>& from_snaps,
                                          std::map<int, SynthesisState>& snaps) const {
    if (!(to.source == from.source) || to.psi != from.psi || to.cutoff != from.cutoff) return 0;
    std::size_t bytes = 0;
    for (const auto& [p, state] : from_snaps)
        if (!snaps.count(p) && samePrefixNoise(to, from, p)) {
            snaps[p] = state;
            bytes += tensorBytes(state.x) + tensorBytes(state.img);
        }
    return bytes;
}

Engine::Impl::SourceEntry& Engine::Impl::sourceEntry(const SourceKey& key) {
    SourceEntry& e = source_cache[key];
    for (auto it = source_cache.lower_bound(key.firstSibling());
         it != source_cache.end() && it->first.identity() == key.identity(); ++it)
        if (&it->second != &e) e.bytes += borrowSnapshots(key, it->first, it->second.snaps, e.snaps);
    return e;
}

Engine::Impl::CellEntry& Engine::Impl::cellEntry(const CellKey& key) {
    CellEntry& e = cell_cache[key];
    for (auto it = cell_cache.lower_bound(CellKey{key.row.firstSibling(), key.col, key.from_col});
         it != cell_cache.end() && it->first.sameCell(key); ++it)
        if (&it->second != &e) e.bytes += borrowSnapshots(key.row, it->first.row, it->second.snaps, e.snaps);
    return e;
}

SourceKey Engine::Impl::sourceKey(const Source& s, const Truncation& t, const NoiseSpec& noise) const {
    SourceKey k;
    k.source = s;
    k.psi = t.psi;
    k.cutoff = t.cutoff;
    k.noise_mode = static_cast<int>(noise.mode);
    if (noise.mode == NoiseMode::Random) k.noise_seed = noise.seed;
    if (noise.mode != NoiseMode::None) {
        k.multipliers.resize(g().noiseLayers().size());
        for (size_t i = 0; i < k.multipliers.size(); ++i) k.multipliers[i] = noise.multiplier(static_cast<int>(i));
    }
    return k;
}

void Engine::Impl::clearCache() {
    source_cache.clear();
    cell_cache.clear();
    ws_cache.clear();
    ws_cache_bytes = 0;
    cache_bytes = 0;
    lab_resume.clear();
    last_mix.reset();
    last_layer_capture.reset();
}

void Engine::Impl::evict() {
    if (ws_cache_bytes > wsMemoBudget()) clearWsMemo();
    std::size_t bytes = ws_cache_bytes;
    for (const auto& [k, e] : source_cache) bytes += e.bytes;
    for (const auto& [k, e] : cell_cache) bytes += e.bytes;
    if (bytes > cache_budget && ws_cache_bytes > 0) {
        bytes -= ws_cache_bytes;
        clearWsMemo();
    }
    while (bytes > cache_budget && (!source_cache.empty() || !cell_cache.empty())) {
        auto s_it = std::min_element(source_cache.begin(), source_cache.end(),
                                     [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
        auto c_it = std::min_element(cell_cache.begin(), cell_cache.end(),
                                     [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
        if (c_it != cell_cache.end() && (s_it == source_cache.end() || c_it->second.used <= s_it->second.used)) {
            bytes -= c_it->second.bytes;
            cell_cache.erase(c_it);
        } else {
            bytes -= s_it->second.bytes;
            source_cache.erase(s_it);
        }
    }
    cache_bytes = bytes;
}

std::size_t Engine::Impl::wsMemoBudget() const {
    const std::size_t entry = static_cast<std::size_t>(g().numWs()) * g().description().w_dim * sizeof(float);
    return std::max(cache_budget / 8, 64 * entry);
}

void Engine::Impl::clearWsMemo() {
    ws_cache.clear();
    ws_cache_bytes = 0;
}

torch::Tensor Engine::Impl::wsOf(const std::vector<Source>& sources, const Truncation& t, bool mixing_style) {
    std::vector<torch::Tensor> rows;
    for (const auto& src : sources) {
        const WsKey key{src, t.psi, t.cutoff, mixing_style};
        auto it = ws_cache.find(key);
        if (it == ws_cache.end()) {
            torch::Tensor w = sourceWs(src, t, mixing_style);
            if (ws_cache_bytes + tensorBytes(w) > wsMemoBudget()) clearWsMemo();   // generate() may see many seeds
            ws_cache_bytes += tensorBytes(w);
            it = ws_cache.emplace(key, std::move(w)).first;
        }
        rows.push_back(it->second);
    }
    return torch::cat(rows, 0);
}

}  // namespace stylemix
