// Engine::mix in three parts: the pure planner (mix_plan.cpp) decides what to
// render from which cached prefix; MixRun executes the plan's jobs on the
// generator's workers; the commit steps store what the cache keeps.
#include "model/engine/engine_impl.h"
#include "model/kernels/cpu_worker_pool.h"

#include <atomic>

namespace stylemix {
namespace {

// When `request` differs from the previous one only in its noise (a knob,
// the noise seed or mode: the user is turning a knob, and the next request
// will likely differ in the same noise layers again), the first synthesis
// layer that sees different noise; else -1.
int noiseStepLayer(const Generator& g, const std::optional<MixRequest>& last, const MixRequest& request) {
    if (!last || request.noise == last->noise) return -1;
    MixRequest same_noise = request;
    same_noise.noise = last->noise;
    if (!(same_noise == *last)) return -1;
    const bool same_field = request.noise.mode == last->noise.mode && request.noise.seed == last->noise.seed;
    for (int l = 0; l < g.numLayers(); ++l) {
        const int n = g.layers()[static_cast<size_t>(l)].noise_index;
        if (n >= 0 && (!same_field || request.noise.multiplier(n) != last->noise.multiplier(n))) return l;
    }
    return -1;
}

// One mix() call: the request, its unique sources, the plan and the outputs.
class MixRun {
public:
    MixRun(Engine::Impl& m, const MixRequest& request, const ProgressHooks& hooks,
           const std::function<void(const MixProgress&)>& on_progress)
        : m_(m), g_(m.g()), request_(request), hooks_(hooks), on_progress_(on_progress) {}

    MixResult run();

private:
    void resolveSources();
    void resolveCells();
    SynthesisState cellStart(const CellPlan& p, int prefix) const;
    MixPlanInput planInput() const;
    void runSourceJob(std::size_t j);
    void runCellJob(std::size_t j);
    void runCancellable(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;
    void sourceReady(int u);
    void commitSource(std::size_t j);
    void commitCell(std::size_t j);
    void execute();
    void emit(MixProgress::Kind kind, int r, int c, const ImagePtr& image);
    NoiseSpec noiseFor(int64_t n) const;
    torch::Tensor cellWs(const CellPlan& p) const;

    Engine::Impl& m_;
    const Generator& g_;
    const MixRequest& request_;
    const ProgressHooks& hooks_;
    const std::function<void(const MixProgress&)>& on_progress_;

    Clock::time_point t0_ = Clock::now();
    Clock::time_point t_src_;   // when synthesis started
    bool caching_ = true;
    std::uint64_t tick_ = 0;
    EngineCacheStats stats_;
    MixResult result_;
    int done_ = 0, total_ = 0;
    std::atomic<std::int64_t> image_layers_{0};   // jobs run on the workers

    std::vector<Source> unique_;
    std::vector<int> row_idx_, col_idx_;
    torch::Tensor ws_;                                 // [unique, num_ws, w_dim]
    std::vector<SourceKey> keys_;
    std::vector<Engine::Impl::SourceEntry*> entries_;
    MixPlan plan_;

    // Written by each job before its gate opens; read by its dependants and the commit.
    struct SourceOut { std::vector<ImagePtr> images; std::map<int, SynthesisState> snaps; };   // snaps: batch states
    std::vector<SourceOut> source_out_;
    std::vector<SourceOut> cell_out_;
    std::vector<std::vector<Engine::Impl::CellEntry*>> cell_entries_;   // [row][col]; null when not caching
    std::vector<ImagePtr> source_images_;
    double sources_done_ms_ = 0;
    std::size_t sources_left_ = 0;
};

// Keeps item i of a job's batch snapshots (single-item views) in a cache entry, where it lacks them.
void storeSnapshots(const std::map<int, SynthesisState>& batch, int64_t i, std::map<int, SynthesisState>& snaps,
                    std::size_t& bytes) {
    for (const auto& [stop, state] : batch) {
        if (snaps.count(stop)) continue;
        SynthesisState s;
        s.x = state.x.narrow(0, i, 1);
        if (state.img.defined()) s.img = state.img.narrow(0, i, 1);
        s.next_layer = stop;
        bytes += tensorBytes(s.x) + tensorBytes(s.img);
        snaps[stop] = s;
    }
}

// Noise: every image of a grid sees the same noise field, so cells and
// sources agree and shared prefixes are exact.
NoiseSpec MixRun::noiseFor(int64_t n) const {
    NoiseSpec noise = request_.noise;
    if (noise.mode == NoiseMode::Random) noise.realisations.assign(static_cast<size_t>(n), 0);
    return noise;
}

void MixRun::emit(MixProgress::Kind kind, int r, int c, const ImagePtr& image) {
    ++done_;
    if (done_ == 1) stats_.first_image_ms = msSince(t0_);
    if (on_progress_) on_progress_({kind, r, c, image, done_, total_});
    hooks_.report(static_cast<float>(done_) / static_cast<float>(total_));
}

// Unique sources -> ws (one source at a time, memoised) and their cache entries.
void MixRun::resolveSources() {
    auto indexOf = [&](const Source& s) {
        auto it = std::find(unique_.begin(), unique_.end(), s);
        if (it != unique_.end()) return static_cast<int>(it - unique_.begin());
        unique_.push_back(s);
        return static_cast<int>(unique_.size() - 1);
    };
    for (const auto& s : request_.rows) row_idx_.push_back(indexOf(s));
    for (const auto& s : request_.cols) col_idx_.push_back(indexOf(s));
    ws_ = m_.wsOf(unique_, request_.truncation, /*mixing_style=*/true);
    result_.timings.mapping_ms = msSince(t0_);
    for (const auto& s : unique_) {
        keys_.push_back(m_.sourceKey(s, request_.truncation, request_.noise));
        Engine::Impl::SourceEntry& e = m_.sourceEntry(keys_.back());
        e.used = tick_;
        entries_.push_back(&e);
    }
}

// Each cell's cache entry (image, or snapshots shared with the same cell under other noise).
void MixRun::resolveCells() {
    cell_entries_.assign(request_.rows.size(), std::vector<Engine::Impl::CellEntry*>(request_.cols.size(), nullptr));
    if (!caching_) return;
    for (size_t r = 0; r < request_.rows.size(); ++r) {
        const std::vector<bool> from_col = layerFromColumn(g_.layers(), request_.stylesForRow(r));
        if (sharedPrefix(from_col) >= g_.numLayers()) continue;   // cells equal to a source: nothing to keep
        for (size_t c = 0; c < request_.cols.size(); ++c) {
            const Source& b = unique_[static_cast<size_t>(col_idx_[c])];
            Engine::Impl::CellEntry& e = m_.cellEntry(CellKey{keys_[static_cast<size_t>(row_idx_[r])], b, from_col});
            e.used = tick_;
            cell_entries_[r][c] = &e;
        }
    }
}

MixPlanInput MixRun::planInput() const {
    MixPlanInput in;
    in.layers = g_.layers();
    in.row_source = row_idx_;
    in.col_source = col_idx_;
    for (size_t r = 0; r < request_.rows.size(); ++r) in.row_styles.push_back(request_.stylesForRow(r));
    for (const auto* e : entries_) {
        SourceCacheView v;
        v.has_image = e->image != nullptr;
        for (const auto& [p, snap] : e->snaps) v.snapshots.insert(p);
        in.sources.push_back(std::move(v));
    }
    in.cell_cached.assign(request_.rows.size(), std::vector<bool>(request_.cols.size(), false));
    in.cell_snapshots.assign(request_.rows.size(), std::vector<std::set<int>>(request_.cols.size()));
    for (size_t r = 0; r < request_.rows.size() && caching_; ++r)
        for (size_t c = 0; c < request_.cols.size(); ++c) {
            if (!cell_entries_[r][c]) continue;
            const Engine::Impl::CellEntry& e = *cell_entries_[r][c];
            in.cell_cached[r][c] = e.image != nullptr;
            for (const auto& [p, snap] : e.snaps) in.cell_snapshots[r][c].insert(p);
        }
    in.caching = caching_;
    in.keep_resolution = m_.keep_resolution;
    // Cells keep boundary snapshots only while a knob turns, and only those a
    // next step of the same knob resumes from (up to the first layer it
    // changes): keeping them always cost the first grid ~160 ms of ~1 s and
    // each crossover drag step ~10 ms to its first cell (explorer --sweep, old
    // and new builds interleaved), for snapshots those requests never use.
    const int changed = caching_ ? noiseStepLayer(g_, m_.last_mix, request_) : -1;
    in.keep_cell_resolution = changed > 0 ? m_.cellKeepResolution(request_.rows.size() * request_.cols.size()) : 0;
    in.keep_cell_until = changed;
    in.sizing = m_.sizing();
    return in;
}

void MixRun::runSourceJob(std::size_t j) {
    const SourceJob& job = plan_.source_jobs[j];
    const auto n = static_cast<int64_t>(job.sources.size());
    std::vector<torch::Tensor> rows, xs, imgs;
    for (int u : job.sources) {
        rows.push_back(ws_[u]);
        if (job.start == 0) continue;
        const SynthesisState& s = entries_[static_cast<size_t>(u)]->snaps.at(job.start);
        xs.push_back(s.x);
        if (s.img.defined()) imgs.push_back(s.img);
    }
    SynthesisState state;
    if (job.start == 0) {
        state = g_.startState(n, request_.transform);
    } else {
        state.x = torch::cat(xs, 0);
        if (!imgs.empty()) state.img = torch::cat(imgs, 0);
        state.next_layer = job.start;
    }
    const torch::Tensor bws = torch::stack(rows, 0);
    const NoiseSpec noise = noiseFor(n);
    SourceOut& out = source_out_[j];
    const int L = g_.numLayers();
    image_layers_ += n * (*job.stops.rbegin() - job.start);
    for (int stop : job.stops) {
        runCancellable(state, bws, stop, noise);
        if (stop < L) out.snaps[stop] = state;
    }
    if (job.stops.count(L)) out.images = toImagePtrs(g_.outputImage(state));
}

// In a CPU worker, layer by layer, polling for a newer request between layers,
// so a crossover drag step takes the cores within one layer instead of after
// the whole job (resuming at a layer boundary is exact, as prefix reuse relies
// on). Elsewhere the span runs in one call: CUDA captures its graphs per span,
// and a lone job on the calling thread splits its batch over the workers,
// which per layer would concatenate the activations every time.
void MixRun::runCancellable(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const {
    if (g_.device().is_cuda() || !CpuWorkerPool::inWorker()) {
        g_.runLayers(state, ws, end_layer, noise);
        return;
    }
    while (state.next_layer < end_layer) {
        hooks_.check();
        g_.runLayers(state, ws, state.next_layer + 1, noise);
    }
}

// Row A's ws with the indices in S from column B.
torch::Tensor MixRun::cellWs(const CellPlan& p) const {
    torch::Tensor w = ws_[row_idx_[p.row]].clone();
    for (int idx : request_.stylesForRow(p.row)) w.select(0, idx).copy_(ws_[col_idx_[p.col]].select(0, idx));
    return w;
}

// Where a cell resumes: its own snapshot, its source's cached one (the source
// may still render, from a later snapshot, for its image), or its source job's.
SynthesisState MixRun::cellStart(const CellPlan& p, int prefix) const {
    if (p.own) return cell_entries_[p.row][p.col]->snaps.at(prefix);
    const int sj = plan_.job_of_source[static_cast<size_t>(p.source)];
    const Engine::Impl::SourceEntry& cached = *entries_[static_cast<size_t>(p.source)];
    if (sj < 0 || cached.snaps.count(prefix)) return cached.snaps.at(prefix);
    const int slot = plan_.slot_of_source[static_cast<size_t>(p.source)];
    const SynthesisState& b = source_out_[static_cast<size_t>(sj)].snaps.at(prefix);
    SynthesisState s;
    s.x = b.x.narrow(0, slot, 1);
    if (b.img.defined()) s.img = b.img.narrow(0, slot, 1);
    return s;
}

void MixRun::runCellJob(std::size_t j) {
    const CellJob& job = plan_.cell_jobs[j];
    const auto n = static_cast<int64_t>(job.cells.size());
    std::vector<torch::Tensor> xs, imgs, cell_ws;
    for (int i : job.cells) {
        const CellPlan& p = plan_.to_render[static_cast<size_t>(i)];
        const SynthesisState s = cellStart(p, job.prefix);
        xs.push_back(s.x);
        if (s.img.defined()) imgs.push_back(s.img);
        cell_ws.push_back(cellWs(p));
    }
    SynthesisState state;
    state.x = n == 1 ? xs[0] : torch::cat(xs, 0);
    if (!imgs.empty()) state.img = n == 1 ? imgs[0] : torch::cat(imgs, 0);
    state.next_layer = job.prefix;
    const torch::Tensor ws = torch::stack(cell_ws, 0);
    const NoiseSpec noise = noiseFor(n);
    image_layers_ += n * (g_.numLayers() - job.prefix);
    SourceOut& out = cell_out_[j];
    for (int stop : job.stops) {
        runCancellable(state, ws, stop, noise);
        out.snaps[stop] = state;
    }
    runCancellable(state, ws, g_.numLayers(), noise);
    out.images = toImagePtrs(g_.outputImage(state));
}

// A source's image is known: show it where it appears, and the cells equal to it.
void MixRun::sourceReady(int u) {
    const ImagePtr& image = source_images_[static_cast<size_t>(u)];
    for (size_t r = 0; r < row_idx_.size(); ++r)
        if (row_idx_[r] == u) emit(MixProgress::Kind::RowSource, static_cast<int>(r), -1, image);
    for (size_t c = 0; c < col_idx_.size(); ++c)
        if (col_idx_[c] == u) emit(MixProgress::Kind::ColSource, -1, static_cast<int>(c), image);
    for (const auto& plan : plan_.copies)
        if (plan.source == u) {
            result_.cells[plan.row][plan.col] = image;   // the same object: a cell equal to its source
            emit(MixProgress::Kind::Cell, static_cast<int>(plan.row), static_cast<int>(plan.col), image);
        }
}

// Cache commit for a finished source job: its snapshots (single-item views) and image.
void MixRun::commitSource(std::size_t j) {
    const SourceJob& job = plan_.source_jobs[j];
    SourceOut& out = source_out_[j];
    for (size_t i = 0; i < job.sources.size(); ++i) {
        const int u = job.sources[i];
        Engine::Impl::SourceEntry& e = *entries_[static_cast<size_t>(u)];
        if (caching_) storeSnapshots(out.snaps, static_cast<int64_t>(i), e.snaps, e.bytes);
        if (!out.images.empty()) {
            source_images_[static_cast<size_t>(u)] = out.images[i];
            if (caching_ && !e.image) {
                e.image = out.images[i];
                e.bytes += e.image->pixels.size();
            }
        } else {
            source_images_[static_cast<size_t>(u)] = e.image;
        }
        sourceReady(u);
    }
    if (--sources_left_ == 0) sources_done_ms_ = msSince(t_src_);
}

// Cache commit for a finished cell job.
void MixRun::commitCell(std::size_t j) {
    const CellJob& job = plan_.cell_jobs[j];
    SourceOut& out = cell_out_[j];
    if (out.images.size() != job.cells.size()) return;   // abandoned: the error is on its way
    for (size_t i = 0; i < job.cells.size(); ++i) {
        const CellPlan& p = plan_.to_render[static_cast<size_t>(job.cells[i])];
        const ImagePtr& cell = result_.cells[p.row][p.col] = std::move(out.images[i]);
        ++result_.timings.cells_rendered;
        if (Engine::Impl::CellEntry* e = cell_entries_[p.row][p.col]) {
            storeSnapshots(out.snaps, static_cast<int64_t>(i), e->snaps, e->bytes);
            e->image = cell;
            e->bytes += cell->pixels.size();
        }
        emit(MixProgress::Kind::Cell, static_cast<int>(p.row), static_cast<int>(p.col), cell);
    }
}

// Runs the plan's jobs (sources first; a cell job waits for the source jobs it
// resumes from) and commits each as it finishes, on this thread.
void MixRun::execute() {
    const size_t SJ = plan_.source_jobs.size();
    source_out_.resize(SJ);
    cell_out_.resize(plan_.cell_jobs.size());
    sources_left_ = SJ;
    JobGate gate(SJ + plan_.cell_jobs.size());
    auto guarded = [&](const std::function<void()>& f) {
        try {
            f();
        } catch (...) {
            gate.abort();
            throw;
        }
    };
    g_.parallelJobs(
        SJ + plan_.cell_jobs.size(),
        [&](std::size_t j) {
            guarded([&] {
                if (j < SJ) {
                    runSourceJob(j);
                    return;
                }
                for (int dep : plan_.cell_jobs[j - SJ].deps)
                    if (!gate.wait(static_cast<size_t>(dep))) return;
                runCellJob(j - SJ);
            });
            gate.open(j);
        },
        [&](std::size_t j) {
            guarded([&] {
                ++result_.timings.forward_passes;
                if (j < SJ) {
                    commitSource(j);
                } else {
                    commitCell(j - SJ);
                }
                hooks_.check();
            });
        },
        [&] { guarded([&] { hooks_.check(); }); });
}

MixResult MixRun::run() {
    caching_ = m_.cache_budget > 0;
    if (!caching_) m_.clearCache();
    tick_ = ++m_.tick;
    const size_t R = request_.rows.size(), C = request_.cols.size();
    total_ = static_cast<int>(R + C + R * C);
    result_.cells.assign(R, std::vector<ImagePtr>(C));
    resolveSources();
    resolveCells();
    plan_ = planMix(planInput());
    stats_.sources_reused = plan_.sources_reused;
    stats_.sources_rendered = static_cast<int>(unique_.size()) - plan_.sources_reused;
    stats_.cells_rendered = static_cast<int>(plan_.to_render.size());
    stats_.cells_reused = static_cast<int>(R * C - plan_.to_render.size());

    // Sources and cells that need no synthesis are shown first.
    source_images_.assign(unique_.size(), nullptr);
    for (size_t u = 0; u < unique_.size(); ++u)
        if (plan_.job_of_source[u] < 0) {
            source_images_[u] = entries_[u]->image;
            sourceReady(static_cast<int>(u));
        }
    for (const auto& [r, c] : plan_.cached) {
        result_.cells[r][c] = cell_entries_[r][c]->image;
    }
    for (const auto& [r, c] : plan_.cached)
        emit(MixProgress::Kind::Cell, static_cast<int>(r), static_cast<int>(c), result_.cells[r][c]);

    t_src_ = Clock::now();
    try {
        execute();
    } catch (...) {
        // Entries created for this request but never filled are dropped.
        for (auto it = m_.source_cache.begin(); it != m_.source_cache.end();)
            it = (!it->second.image && it->second.snaps.empty()) ? m_.source_cache.erase(it) : std::next(it);
        for (auto it = m_.cell_cache.begin(); it != m_.cell_cache.end();)
            it = (!it->second.image && it->second.snaps.empty()) ? m_.cell_cache.erase(it) : std::next(it);
        m_.evict();
        throw;
    }
    for (size_t r = 0; r < R; ++r) result_.row_images.push_back(source_images_[static_cast<size_t>(row_idx_[r])]);
    for (size_t c = 0; c < C; ++c) result_.col_images.push_back(source_images_[static_cast<size_t>(col_idx_[c])]);
    result_.timings.sources_ms = plan_.source_jobs.empty() ? 0 : sources_done_ms_;
    result_.timings.cells_ms = msSince(t_src_) - result_.timings.sources_ms;
    result_.timings.total_ms = msSince(t0_);
    result_.timings.image_layers = image_layers_.load();
    if (caching_) {
        m_.evict();
    } else {
        m_.clearCache();
    }
    m_.last = stats_;
    return std::move(result_);
}

}  // namespace

MixResult Engine::mix(const MixRequest& request, const ProgressHooks& hooks,
                      const std::function<void(const MixProgress&)>& on_progress) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    validateMixRequest(request, m.facts);
    m.checkTruncation(request.truncation);
    m.checkNoise(request.noise);
    m.applyTransform(request.transform);
    hooks.check();
    MixResult result = MixRun(m, request, hooks, on_progress).run();
    m.last_mix = request;
    return result;
}

}  // namespace stylemix
