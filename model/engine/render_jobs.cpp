#include "model/engine/render_jobs.h"

#include "model/core/stopwatch.h"
#include "model/engine/engine.h"

#include <functional>

namespace stylemix {
namespace {

using Clock = std::chrono::steady_clock;

ProgressHooks hooksFor(const JobContext& context) {
    ProgressHooks hooks;
    hooks.cancelled = [&context] { return context.mailbox.renderSuperseded(context.generation); };
    hooks.progress = [&context](float f) { context.mailbox.setProgress(f); };
    return hooks;
}

// The grid, published progressively: the first cell at once (what a drag step
// waits for), then at most every 50 ms, each part holding only the tiles new
// since the last (the tiles themselves are the engine's, shared, not copied).
JobResult renderMix(Engine& engine, const ViewJob& job, const MixRequest& request, const JobContext& context) {
    const auto t0 = Clock::now();
    const auto empty = [&] {
        MixResult m;
        m.row_images.resize(request.rows.size());
        m.col_images.resize(request.cols.size());
        m.cells.assign(request.rows.size(), std::vector<ImagePtr>(request.cols.size()));
        return m;
    };
    MixResult fresh = empty();
    auto last_publish = Clock::now();
    bool cell_published = false;
    auto on_progress = [&](const MixProgress& p) {
        const auto r = static_cast<std::size_t>(p.row), c = static_cast<std::size_t>(p.col);
        switch (p.kind) {
            case MixProgress::Kind::RowSource: fresh.row_images[r] = p.image; break;
            case MixProgress::Kind::ColSource: fresh.col_images[c] = p.image; break;
            case MixProgress::Kind::Cell: fresh.cells[r][c] = p.image; break;
        }
        const bool first_cell = p.kind == MixProgress::Kind::Cell && !cell_published;
        if (p.done < p.total && (first_cell || Clock::now() - last_publish > std::chrono::milliseconds(50))) {
            cell_published = cell_published || p.kind == MixProgress::Kind::Cell;
            WorkerResult part = context.result(job, true, t0);
            part.payload = std::exchange(fresh, empty());
            context.mailbox.publish(std::move(part));
            last_publish = Clock::now();
        }
    };
    return engine.mix(request, hooksFor(context), on_progress);
}

// The std-dev map, progressively: realisation 0 and the crops first, then the map refining as K grows.
JobResult renderLab(Engine& engine, const ViewJob& job, const NoiseLabRequest& request, const JobContext& context) {
    const auto t0 = Clock::now();
    const auto on_partial = [&](NoiseLabResult partial) {
        WorkerResult part = context.result(job, true, t0);
        part.payload = std::move(partial);
        context.mailbox.publish(std::move(part));
    };
    return engine.noiseLab(request, hooksFor(context), on_partial);
}

JobResult renderSplit(Engine& engine, const SplitRequest& request, const JobContext& context) {
    const ProgressHooks hooks = hooksFor(context);
    SplitResult split;
    split.left = std::make_shared<const Image>(engine.renderSubject(request.subject, request.left, hooks));
    split.right = std::make_shared<const Image>(engine.renderSubject(request.subject, request.right, hooks));
    return split;
}

// A tile's ws by the grid's rule (no synthesis): what "Save ws as .npz" writes.
JobResult renderWs(Engine& engine, const WsRequest& request) {
    WsResult out;
    out.values = engine.gridTileWs(request.subject);
    out.num_ws = engine.facts().num_ws;
    out.w_dim = engine.facts().w_dim;
    return out;
}

// A strip of frames (Engine::interpolate), as one final result: each frame's ws and image.
JobResult renderInterpolation(Engine& engine, const InterpolationRequest& request, const JobContext& context) {
    return engine.interpolate(request, hooksFor(context));
}

// One activation of A (B, mix) as the visualizer shows it, one final result.
JobResult renderLayer(Engine& engine, const LayerRequest& request, const JobContext& context) {
    return engine.layerView(request, hooksFor(context));
}

// Noise by layer, progressively: each part holds every layer's map done so far.
JobResult renderNoiseByLayer(Engine& engine, const ViewJob& job, const NoiseByLayerRequest& request,
                             const JobContext& context) {
    const auto t0 = Clock::now();
    const auto on_partial = [&](const NoiseByLayerResult& partial) {
        WorkerResult part = context.result(job, true, t0);
        part.payload = partial;
        context.mailbox.publish(std::move(part));
    };
    return engine.noiseByLayer(request, hooksFor(context), on_partial);
}

// Playback frames, progressively: each part holds every frame done so far (shared, not copied),
// at most every 100 ms; the final result all of them.
JobResult renderAnimation(Engine& engine, const ViewJob& job, const AnimationRequest& request,
                          const JobContext& context) {
    const auto t0 = Clock::now();
    AnimationResult out;
    out.total = request.spec.frames;
    auto last_publish = Clock::now();
    engine.animate(request.spec, hooksFor(context), [&](int, const Image& frame) {
        out.frames.push_back(std::make_shared<const Image>(frame));
        if (static_cast<int>(out.frames.size()) < out.total &&
            (out.frames.size() == 1 || Clock::now() - last_publish > std::chrono::milliseconds(100))) {
            WorkerResult part = context.result(job, true, t0);
            part.payload = out;
            context.mailbox.publish(std::move(part));
            last_publish = Clock::now();
        }
        return true;
    });
    return out;
}

JobResult render(Engine& engine, const ViewJob& job, const JobContext& context) {
    if (const auto* mix = std::get_if<MixRequest>(&job.request)) return renderMix(engine, job, *mix, context);
    if (const auto* lab = std::get_if<NoiseLabRequest>(&job.request)) return renderLab(engine, job, *lab, context);
    if (const auto* ws = std::get_if<WsRequest>(&job.request)) return renderWs(engine, *ws);
    if (const auto* strip = std::get_if<InterpolationRequest>(&job.request))
        return renderInterpolation(engine, *strip, context);
    if (const auto* layer = std::get_if<LayerRequest>(&job.request)) return renderLayer(engine, *layer, context);
    if (const auto* by_layer = std::get_if<NoiseByLayerRequest>(&job.request))
        return renderNoiseByLayer(engine, job, *by_layer, context);
    if (const auto* animation = std::get_if<AnimationRequest>(&job.request))
        return renderAnimation(engine, job, *animation, context);
    return renderSplit(engine, std::get<SplitRequest>(job.request), context);
}

}  // namespace

WorkerResult JobContext::result(const ViewJob& job, bool partial, Clock::time_point t0) const {
    WorkerResult r;
    r.kind = WorkerResult::Kind::Render;
    r.generation = generation;
    r.facts = facts;
    r.view = job.view;
    r.partial = partial;
    // The payload's alternative names the job's kind even before it is filled in.
    static_assert(std::variant_size_v<JobResult> == 8, "an empty result for every job kind");
    switch (job.request.index()) {
        case 0: r.payload = MixResult{}; break;
        case 1: r.payload = NoiseLabResult{}; break;
        case 2: r.payload = SplitResult{}; break;
        case 3: r.payload = WsResult{}; break;
        case 4: r.payload = InterpolationResult{}; break;
        case 5: r.payload = LayerResult{}; break;
        case 6: r.payload = NoiseByLayerResult{}; break;
        default: r.payload = AnimationResult{}; break;
    }
    r.elapsed_ms = msSince(t0);
    return r;
}

void JobContext::fail(const ViewJob& job, const std::string& message) const {
    WorkerResult r = result(job, false, Clock::now());
    r.error = message;
    mailbox.publish(std::move(r));
}

bool runJob(Engine& engine, const ViewJob& job, const JobContext& context) {
    const auto t0 = Clock::now();
    try {
        WorkerResult r = context.result(job, false, t0);
        r.payload = render(engine, job, context);
        r.elapsed_ms = msSince(t0);
        context.mailbox.publish(std::move(r));
    } catch (const Cancelled&) {
        return false;
    } catch (const std::exception& e) {
        context.fail(job, e.what());
    }
    return true;
}

}  // namespace stylemix
