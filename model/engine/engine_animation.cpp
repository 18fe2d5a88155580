// Motion (docs/explorer.md, "Motion"): the frames of an AnimationSpec.
//  - noise cycle: the subject (a source, or a cell as the lab renders it) with
//    random noise, frame f = realisation f of noise.seed; the layers before the
//    first noisy one run once for every frame, as in the noise lab;
//  - crossover sweep: A's ws with B's taken below a crossover point that goes
//    across the ws B gives (subject.styles; all when empty) and back
//    (animation_frames.h), the ws at the point blended linearly;
//  - latent walk: subject.source to walk_to and back, each frame's ws as
//    Engine::interpolate computes them (interpolation_path.h).
// Frames render in chunks of about one per CPU worker (or one batch on CUDA) and
// go to the caller in order, so memory holds a chunk, not the animation. Sweeps
// and walks come back the way they went: frames on the way out are kept (within
// a quarter of the cache budget) for their mirror on the way back.
#include "model/engine/engine_impl.h"

#include "model/core/animation_check.h"
#include "model/core/animation_frames.h"
#include "model/engine/interpolation_path.h"
#include "model/engine/lab_stddev.h"

#include <map>
#include <optional>
#include <set>

namespace stylemix {
namespace {

int firstNoisyLayer(const Generator& g, const NoiseSpec& noise) {
    for (int l = 0; l < g.numLayers(); ++l) {
        const int n = g.layers()[static_cast<size_t>(l)].noise_index;
        if (n >= 0 && noise.multiplier(n) != 0.f) return l;
    }
    return g.numLayers();
}

// What every frame of a spec shares, prepared once; renders any frames of it.
class FramePlan {
public:
    FramePlan(Engine::Impl& m, const AnimationSpec& spec) : m_(m), spec_(spec) {
        const LabSubject& s = spec.subject;
        switch (spec.kind) {
            case AnimationKind::NoiseCycle:
                noise_.mode = NoiseMode::Random;
                w_ = m.subjectWs(s);
                prefix_ = sharedPrefix(m.g(), w_, noise_, s.transform, firstNoisyLayer(m.g(), noise_));
                break;
            case AnimationKind::CrossoverSweep: {
                const torch::Tensor ab = m.wsOf({s.source, *s.mix_with}, s.truncation, /*mixing_style=*/true);   // as the grid
                a_ = ab.slice(0, 0, 1);
                b_ = ab.slice(0, 1, 2);
                std::set<int> styles(s.styles.begin(), s.styles.end());   // ascending, once each
                for (int i = 0; styles.empty() && i < m.g().numWs(); ++i) sweep_styles_.push_back(i);
                sweep_styles_.insert(sweep_styles_.end(), styles.begin(), styles.end());
                break;
            }
            case AnimationKind::LatentWalk:
                path_.emplace(m, s.source, spec.walk_to, spec.space, s.truncation);
                break;
        }
    }

    // The images of `frames` (any frame indices), as one batch on the calling thread.
    std::vector<Image> render(const std::vector<int>& frames) const {
        const auto n = static_cast<int64_t>(frames.size());
        const Generator& g = m_.g();
        NoiseSpec noise = noise_;
        if (spec_.kind == AnimationKind::NoiseCycle) {
            noise.realisations.assign(frames.begin(), frames.end());
            SynthesisState state = repeatState(prefix_, n);
            g.runLayers(state, w_.expand({n, -1, -1}).contiguous(), g.numLayers(), noise);
            return toImages(g.outputImage(state));
        }
        if (noise.mode == NoiseMode::Random) noise.realisations.assign(frames.size(), 0);   // as generate() renders
        std::vector<torch::Tensor> ws;
        for (int f : frames) ws.push_back(frameWs(f));
        return toImages(g.synthesis(torch::cat(ws, 0), noise, spec_.subject.transform));
    }

private:
    // [1, num_ws, w_dim] float32 on the device: a sweep's or a walk's frame.
    torch::Tensor frameWs(int f) const {
        const double t = loopPosition(f, spec_.frames);
        if (path_) return path_->ws(t).to(m_.g().device());
        const int count = static_cast<int>(sweep_styles_.size());
        const double crossover = sweepCrossover(t, count);
        torch::Tensor out = a_.clone();
        for (int k = 0; k < count; ++k) {
            const int i = sweep_styles_[static_cast<std::size_t>(k)];
            const double w = sweepWeight(crossover, k);
            if (w == 0) continue;
            torch::Tensor blended = w == 1 ? b_.select(1, i)
                                           : (a_.select(1, i).to(torch::kFloat64) * (1 - w) + b_.select(1, i).to(torch::kFloat64) * w)
                                                 .to(torch::kFloat32);
            out.select(1, i).copy_(blended);
        }
        return out;
    }

    Engine::Impl& m_;
    const AnimationSpec& spec_;
    NoiseSpec noise_ = spec_.noise;
    torch::Tensor w_;                 // noise cycle: the subject's ws
    SynthesisState prefix_;           // noise cycle: the layers before the first noisy one
    torch::Tensor a_, b_;             // sweep: A's and B's ws, as the grid truncates them
    std::vector<int> sweep_styles_;   // sweep: the ws B gives, ascending
    std::optional<InterpolationPath> path_;   // walk
};

// Frames kept on the way out of a sweep or walk until their mirror on the way back.
class MirrorMemo {
public:
    MirrorMemo(const AnimationSpec& spec, const Engine::Impl& m) : frames_(spec.frames) {
        if (spec.kind == AnimationKind::NoiseCycle) return;
        const ModelDescription& d = m.g().description();
        const double frame_bytes = static_cast<double>(d.img_resolution) * d.img_resolution * d.img_channels;
        const double budget = static_cast<double>(m.cache_budget) / 4;
        keep_from_ = frames_ / 2 - static_cast<int>(std::min(budget / frame_bytes, static_cast<double>(frames_)));
        keep_from_ = std::max(keep_from_, 1);
        enabled_ = true;
    }
    const Image* find(int f) const {
        const auto it = kept_.find(mirrorFrame(f, frames_));
        return mirrorFrame(f, frames_) != f && it != kept_.end() ? &it->second : nullptr;
    }
    // After frame f went out: keep it if its mirror comes later, drop it once its mirror is out.
    void delivered(int f, const Image& image) {
        if (!enabled_) return;
        const int mirror = mirrorFrame(f, frames_);
        if (mirror != f) kept_.erase(mirror);
        else if (f >= keep_from_ && frames_ - f != f && frames_ - f < frames_) kept_.emplace(f, image);
    }

private:
    int frames_;
    int keep_from_ = 0;
    bool enabled_ = false;
    std::map<int, Image> kept_;
};

// Frames rendered at once: one job per CPU worker (or one batch on CUDA).
int chunkFrames(const Engine::Impl& m) {
    const JobSizing s = m.sizing();
    if (!s.cpu) return std::max(1, s.max_batch);
    return std::max(1, s.cpu_threads) * std::max(1, std::min(s.job_batch, s.max_batch));
}

// The images of `frames` rendered as parallel jobs, in the order given.
std::vector<Image> renderFrames(const Engine::Impl& m, const FramePlan& plan, const std::vector<int>& frames,
                                const ProgressHooks& hooks) {
    const std::vector<int> sizes = jobSizes(static_cast<int>(frames.size()), /*first_small=*/false, m.sizing());
    std::vector<std::size_t> begin(sizes.size(), 0);
    for (std::size_t j = 1; j < sizes.size(); ++j) begin[j] = begin[j - 1] + static_cast<std::size_t>(sizes[j - 1]);
    std::vector<std::vector<Image>> parts(sizes.size());
    m.g().parallelJobs(
        sizes.size(),
        [&](std::size_t j) {
            const auto first = frames.begin() + static_cast<std::ptrdiff_t>(begin[j]);
            parts[j] = plan.render(std::vector<int>(first, first + sizes[j]));
        },
        [&](std::size_t) { hooks.check(); }, [&] { hooks.check(); });
    std::vector<Image> out;
    for (auto& part : parts)
        for (Image& im : part) out.push_back(std::move(im));
    return out;
}

void prepare(Engine::Impl& m, const AnimationSpec& spec) {
    checkAnimationSpec(spec, m.facts);
    m.checkTruncation(spec.subject.truncation);
    m.checkNoise(spec.noise);
    m.applyTransform(spec.subject.transform);
}

}  // namespace

Image Engine::animationFrame(const AnimationSpec& spec, int index, const ProgressHooks& hooks) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    prepare(m, spec);
    if (index < 0 || index >= spec.frames)
        throw std::invalid_argument("animation: frame " + std::to_string(index) + " is out of range (the animation has " +
                                    std::to_string(spec.frames) + " frames: 0.." + std::to_string(spec.frames - 1) + ")");
    hooks.check();
    const FramePlan plan(m, spec);
    return plan.render({index}).at(0);
}

void Engine::animate(const AnimationSpec& spec, const ProgressHooks& hooks,
                     const std::function<bool(int index, const Image& frame)>& on_frame) {
    c10::InferenceMode guard;
    Impl& m = *impl_;
    prepare(m, spec);
    hooks.check();
    const FramePlan plan(m, spec);
    MirrorMemo memo(spec, m);
    const int chunk = chunkFrames(m);
    for (int begin = 0; begin < spec.frames; begin += chunk) {
        const int end = std::min(spec.frames, begin + chunk);
        std::vector<int> todo;
        std::vector<const Image*> kept;   // per frame of the chunk: its mirror's image, or null to render
        for (int f = begin; f < end; ++f) {
            kept.push_back(memo.find(f));
            if (!kept.back()) todo.push_back(f);
        }
        std::vector<Image> rendered = renderFrames(m, plan, todo, hooks);
        std::size_t next = 0;
        for (int f = begin; f < end; ++f) {
            const Image* mirror = kept[static_cast<std::size_t>(f - begin)];
            const Image frame = mirror ? *mirror : std::move(rendered.at(next++));
            memo.delivered(f, frame);
            if (!on_frame(f, frame)) return;
            hooks.report(static_cast<float>(f + 1) / static_cast<float>(spec.frames));
        }
        hooks.check();
    }
}

}  // namespace stylemix
