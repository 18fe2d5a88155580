// Engine::noiseLab (the paper's Fig. 4): K noise realisations of one fixed w,
// their per-pixel std-dev, and the first few realisations. Jobs of a few
// realisations each run on the generator's workers; their integer RGB sums
// are accumulated in float64, so the map is exact and the same whatever order
// the jobs finish in. A caller may watch partial results (the explorer's lab
// fills in as K grows): each has the realisations finished so far, in order,
// and the std-dev over the k realisations done so far.
#include "model/engine/engine_impl.h"

#include "model/core/figures.h"
#include "model/engine/lab_stddev.h"

#include <atomic>

namespace stylemix {
namespace {

// The std-dev over k realisations (lab_stddev.h) into the result, with its grey image at `gain`.
void fillStdDev(NoiseLabResult& result, const RgbMoments& moments, int k, int res, float gain) {
    const torch::Tensor stddev = stddevLevels(moments, k);
    result.stddev_levels = toVector(stddev);
    result.max_stddev = stddev.max().item<float>();
    result.stddev = stddevImage(result.stddev_levels, res, res, gain);
}

// The run's jobs: which realisations each renders, and what it produced.
struct LabJobs {
    struct Out {
        RgbMoments moments;
        std::vector<ImagePtr> kept;
        bool done = false;
    };
    std::vector<int> sizes, begin;
    std::vector<Out> outs;

    explicit LabJobs(std::vector<int> job_sizes) : sizes(std::move(job_sizes)), begin(sizes.size(), 0), outs(sizes.size()) {
        for (std::size_t j = 1; j < sizes.size(); ++j) begin[j] = begin[j - 1] + sizes[j - 1];
    }
    // The kept realisations of the jobs done so far, up to the first job not done.
    std::vector<ImagePtr> keptPrefix() const {
        std::vector<ImagePtr> out;
        for (const Out& o : outs) {
            if (!o.done) break;
            out.insert(out.end(), o.kept.begin(), o.kept.end());
        }
        return out;
    }
};

// The first layer whose noise is on (a noise input with a non-zero multiplier).
int firstNoisyLayer(const Generator& g, const NoiseSpec& noise) {
    for (int l = 0; l < g.numLayers(); ++l) {
        const int n = g.layers()[static_cast<size_t>(l)].noise_index;
        if (n >= 0 && noise.multiplier(n) != 0.f) return l;
    }
    return g.numLayers();
}

// Where this run starts its realisations (kept states of the last run, when
// valid: the first jobs' that fitted) and where it keeps them for the next
// (the first layer this request changed, when that is past the shared prefix),
// for as many leading jobs as fit a quarter of the cache budget.
struct LabResumePlan {
    const std::vector<SynthesisState>* from = nullptr;   // per leading job
    int keep_at = -1;
    std::size_t keep_jobs = 0;
};

LabResumePlan planResume(Engine::Impl& m, const LabResume::Run& run, int shared_prefix) {
    LabResumePlan plan;
    if (m.cache_budget == 0) {
        m.lab_resume.clear();
        return plan;
    }
    const Generator& g = m.g();
    plan.from = m.lab_resume.statesFor(g, run);
    const std::optional<int> changed = m.lab_resume.firstChangedLayer(g, run);
    const bool already_kept = plan.from && changed && *changed == m.lab_resume.stop();
    if (plan.from && m.lab_resume.stop() <= shared_prefix) plan.from = nullptr;   // nothing gained over the shared prefix
    if (!changed || already_kept || *changed <= shared_prefix) return plan;
    const double per_realisation = g.snapshotBytes(*changed), allowance = static_cast<double>(m.cache_budget) / 4;
    double bytes = 0;
    for (int size : run.job_sizes) {
        bytes += per_realisation * size;
        if (bytes > allowance) break;
        ++plan.keep_jobs;
    }
    if (plan.keep_jobs > 0) plan.keep_at = *changed;
    return plan;
}

}  // namespace

NoiseLabResult Engine::noiseLab(const NoiseLabRequest& request, const ProgressHooks& hooks,
                                const std::function<void(NoiseLabResult)>& on_partial) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    const Generator& g = m.g();
    if (request.samples < 1 || request.samples > 100000)
        throw std::invalid_argument("noise lab: samples must be between 1 and 100000, got " + std::to_string(request.samples));
    m.checkHasNoise("noise lab");
    m.checkTruncation(request.subject.truncation);
    m.checkNoise(request.noise);
    m.checkStyles(request.subject.styles, "noise lab");
    m.applyTransform(request.subject.transform);
    hooks.check();
    const auto t0 = Clock::now();
    const torch::Tensor w = m.subjectWs(request.subject);
    NoiseLabResult result;
    result.timings.mapping_ms = msSince(t0);
    const auto t1 = Clock::now();
    const int res = g.description().img_resolution;
    // Sums stay on the device; only std-dev maps come back.
    RgbMoments moments;
    const int K = request.samples;
    NoiseSpec lab_noise = request.noise;
    lab_noise.mode = NoiseMode::Random;
    LabJobs jobs(jobSizes(K, /*first_small=*/false, m.sizing()));
    const int first_noisy = firstNoisyLayer(g, lab_noise);
    const LabResumePlan resume = planResume(m, LabResume::Run{w, lab_noise, request.subject.transform, jobs.sizes}, first_noisy);
    const bool all_resumed = resume.from && resume.from->size() >= jobs.sizes.size();
    const SynthesisState prefix =
        all_resumed ? SynthesisState{} : sharedPrefix(g, w, lab_noise, request.subject.transform, first_noisy);
    result.timings.sources_ms = msSince(t1);   // the shared prefix
    std::vector<SynthesisState> kept_states(resume.keep_jobs);
    std::atomic<std::int64_t> layers_run{0};
    int finished = 0;
    auto last_partial = Clock::now();
    bool first_partial = true;
    // A partial result: as soon as realisation 0 is in, then at most every 100 ms.
    const auto publishPartial = [&] {
        if (!on_partial || finished >= K || !jobs.outs.front().done) return;
        if (!first_partial && Clock::now() - last_partial < std::chrono::milliseconds(100)) return;
        NoiseLabResult partial;
        partial.realisations = jobs.keptPrefix();
        fillStdDev(partial, moments, finished, res, request.stddev_gain);
        partial.samples = finished;
        on_partial(std::move(partial));
        first_partial = false;
        last_partial = Clock::now();
    };
    g.parallelJobs(
        jobs.sizes.size(),
        [&](std::size_t j) {
            const int b = jobs.begin[j], n = jobs.sizes[j];
            NoiseSpec noise = lab_noise;
            noise.realisations.clear();
            for (int i = 0; i < n; ++i) noise.realisations.push_back(b + i);
            const bool resumed = resume.from && j < resume.from->size();
            SynthesisState state = resumed ? (*resume.from)[j] : repeatState(prefix, n);
            layers_run += static_cast<std::int64_t>(n) * (g.numLayers() - state.next_layer);
            const torch::Tensor ws = w.expand({n, -1, -1}).contiguous();
            if (j < resume.keep_jobs && resume.keep_at > state.next_layer) {
                g.runLayers(state, ws, resume.keep_at, noise);
                kept_states[j] = state;   // runLayers makes new tensors: the kept ones stay as they are
            }
            g.runLayers(state, ws, g.numLayers(), noise);
            const torch::Tensor img = g.outputImage(state);
            jobs.outs[j].moments = rgbMoments(img);
            const int keep = std::clamp(request.keep_images - b, 0, n);
            if (keep > 0) jobs.outs[j].kept = toImagePtrs(img.slice(0, 0, keep));
        },
        [&](std::size_t j) {
            LabJobs::Out& out = jobs.outs[j];
            addMoments(moments, out.moments);
            out.moments = RgbMoments{};
            out.done = true;
            ++result.timings.forward_passes;
            finished += jobs.sizes[j];
            hooks.report(static_cast<float>(finished) / static_cast<float>(K));
            hooks.check();
            publishPartial();
        },
        [&] { hooks.check(); });
    m.lab_resume.remember(g, LabResume::Run{w, lab_noise, request.subject.transform, jobs.sizes}, resume.keep_at,
                          std::move(kept_states));
    result.realisations = jobs.keptPrefix();
    fillStdDev(result, moments, K, res, request.stddev_gain);
    result.samples = K;
    result.timings.cells_ms = msSince(t1);
    result.timings.image_layers = (all_resumed ? 0 : prefix.next_layer) + layers_run.load();
    result.timings.total_ms = msSince(t0);
    return result;
}

}  // namespace stylemix
