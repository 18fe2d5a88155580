#include "model/engine/render_worker.h"

#include "model/core/stopwatch.h"
#include "model/engine/engine.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace stylemix {
namespace {

// Linux keeps a nice value per thread (PRIO_PROCESS with a thread id), and
// threads inherit it from the thread that starts them: the engine's worker
// pool and OpenMP team are started from here. Best effort: a failure only
// means the renders compete with the UI as equals.
void lowerThisThreadsPriority(int steps) {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(current + steps, 19));
}

// Hands memory that renders freed back to the system, so the process's resident
// size follows what the caches hold rather than its history: the engine's
// worker threads each keep a glibc arena whose freed pages stay resident.
// Only when no request waits (it walks every arena; a few ms).
void releaseFreedMemory() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

}  // namespace

RenderWorker::RenderWorker(std::function<void()> wake, int background_nice)
    : wake_(std::move(wake)), background_nice_(background_nice), thread_([this] { run(); }) {}

RenderWorker::~RenderWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    stopping_ = true;
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t RenderWorker::submitLoad(const LoadRequest& request) {
    const std::uint64_t gen = next_generation_++;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_load_ = std::make_pair(request, gen);
    }
    load_generation_ = gen;
    cv_.notify_all();
    return gen;
}

std::uint64_t RenderWorker::submitRender(const RenderRequest& request) {
    const std::uint64_t gen = next_generation_++;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_render_ = std::make_pair(request, gen);   // replaces any older pending render
    }
    render_generation_ = gen;
    cv_.notify_all();
    return gen;
}

std::optional<WorkerResult> RenderWorker::poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (results_.empty()) return std::nullopt;
    WorkerResult r = std::move(results_.front());
    results_.pop_front();
    return r;
}

std::shared_ptr<const ModelFacts> RenderWorker::facts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return facts_;
}

void RenderWorker::publish(WorkerResult result) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        // A newer partial grid or lab makes the undelivered older ones pointless.
        const auto supersedes = [&](WorkerResult::Kind partial, WorkerResult::Kind whole) {
            if (result.kind != partial && result.kind != whole) return;
            for (auto it = results_.begin(); it != results_.end();) it = it->kind == partial ? results_.erase(it) : std::next(it);
        };
        supersedes(WorkerResult::Kind::MixPartial, WorkerResult::Kind::Mix);
        supersedes(WorkerResult::Kind::LabPartial, WorkerResult::Kind::Lab);
        results_.push_back(std::move(result));
    }
    if (wake_) wake_();
}

void RenderWorker::run() {
    if (background_nice_ > 0) lowerThisThreadsPriority(background_nice_);
    for (;;) {
        std::optional<std::pair<LoadRequest, std::uint64_t>> load;
        std::optional<std::pair<RenderRequest, std::uint64_t>> render;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || pending_load_ || pending_render_; });
            if (stop_) break;
            // Loads go first: a render request is always meant for the newest model.
            if (pending_load_) {
                load = std::move(pending_load_);
                pending_load_.reset();
            } else {
                render = std::move(pending_render_);
                pending_render_.reset();
            }
        }
        if (load) doLoad(load->first, load->second);
        if (render) doRender(render->first, render->second);
        state_ = WorkerState::Idle;
        bool idle = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            idle = !stop_ && !pending_load_ && !pending_render_;
        }
        if (idle) releaseFreedMemory();
    }
    engine_.reset();
    state_ = WorkerState::Stopped;
}

void RenderWorker::doLoad(const LoadRequest& request, std::uint64_t generation) {
    state_ = WorkerState::Loading;
    progress_ = 0.f;
    const auto t0 = Clock::now();
    WorkerResult result;
    result.kind = WorkerResult::Kind::Load;
    result.generation = generation;
    ProgressHooks hooks;
    hooks.cancelled = [this, generation] { return stopping_.load() || load_generation_.load() != generation; };
    hooks.progress = [this](float f) { progress_ = f; };
    try {
        auto engine = Engine::load(request.path, request.device, request.precision, hooks, request.content);
        if (request.cache_budget_bytes > 0) engine->setCacheBudget(request.cache_budget_bytes);
        auto facts = std::make_shared<const ModelFacts>(engine->facts());
        engine_ = std::move(engine);   // the old model stays until the new one is complete
        {
            std::lock_guard<std::mutex> lock(mutex_);
            facts_ = facts;
        }
        result.facts = facts;
    } catch (const Cancelled&) {
        return;   // superseded by a newer load, or shutting down
    } catch (const std::exception& e) {
        result.error = e.what();
        result.facts = facts();
    }
    result.elapsed_ms = msSince(t0);
    progress_ = 1.f;
    publish(std::move(result));
}

void RenderWorker::doRender(const RenderRequest& request, std::uint64_t generation) {
    state_ = WorkerState::Rendering;
    progress_ = 0.f;
    auto superseded = [this, generation] {
        return stopping_.load() || render_generation_.load() != generation || load_generation_.load() > generation;
    };
    ProgressHooks hooks;
    hooks.cancelled = superseded;
    hooks.progress = [this](float f) { progress_ = f; };
    const auto facts_now = facts();
    // A result of this request; elapsed_ms counts from `t0`.
    auto result = [&](WorkerResult::Kind kind, Clock::time_point t0) {
        WorkerResult r;
        r.kind = kind;
        r.generation = generation;
        r.facts = facts_now;
        r.elapsed_ms = msSince(t0);
        return r;
    };
    auto fail = [&](WorkerResult::Kind kind, const std::string& message) {
        WorkerResult r = result(kind, Clock::now());
        r.error = message;
        publish(std::move(r));
    };
    if (!engine_) {
        fail(request.mix ? WorkerResult::Kind::Mix : WorkerResult::Kind::Lab, "no model is loaded");
        return;
    }

    // Runs one part of the request: publishes its result, or its error; false
    // when it was cancelled (superseded or shutting down).
    auto part = [&](WorkerResult::Kind kind, const std::function<void(WorkerResult&)>& render) {
        const auto t0 = Clock::now();
        try {
            WorkerResult r = result(kind, t0);
            render(r);
            r.elapsed_ms = msSince(t0);
            publish(std::move(r));
        } catch (const Cancelled&) {
            return false;
        } catch (const std::exception& e) {
            fail(kind, e.what());
        }
        return true;
    };

    if (request.mix) {
        const auto t0 = Clock::now();
        // Progressive fill: each finished tile (shared, not copied) goes into the next partial publish,
        // which carries only the tiles new since the previous one (render_types.h); published at once
        // for the first cell (what a drag step waits for), then at most every 50 ms.
        const auto emptyGrid = [&] {
            MixResult m;
            m.row_images.resize(request.mix->rows.size());
            m.col_images.resize(request.mix->cols.size());
            m.cells.assign(request.mix->rows.size(), std::vector<ImagePtr>(request.mix->cols.size()));
            return m;
        };
        MixResult partial = emptyGrid();
        auto last_publish = Clock::now();
        bool cell_published = false;
        auto on_progress = [&](const MixProgress& p) {
            switch (p.kind) {
                case MixProgress::Kind::RowSource: partial.row_images[static_cast<size_t>(p.row)] = p.image; break;
                case MixProgress::Kind::ColSource: partial.col_images[static_cast<size_t>(p.col)] = p.image; break;
                case MixProgress::Kind::Cell: partial.cells[static_cast<size_t>(p.row)][static_cast<size_t>(p.col)] = p.image; break;
            }
            const bool first_cell = p.kind == MixProgress::Kind::Cell && !cell_published;
            if (p.done < p.total && (first_cell || Clock::now() - last_publish > std::chrono::milliseconds(50))) {
                cell_published = cell_published || p.kind == MixProgress::Kind::Cell;
                WorkerResult r = result(WorkerResult::Kind::MixPartial, t0);
                r.mix = std::exchange(partial, emptyGrid());
                publish(std::move(r));
                last_publish = Clock::now();
            }
        };
        const bool finished = part(WorkerResult::Kind::Mix, [&](WorkerResult& r) {
            r.mix = engine_->mix(*request.mix, hooks, on_progress);
            ++renders_completed_;
        });
        if (!finished) return;
    }
    if (request.lab && !superseded()) {
        // Progressive: realisation 0 and the crops first, then the map refining as K grows.
        const auto t0 = Clock::now();
        const auto on_partial = [&](NoiseLabResult partial) {
            WorkerResult r = result(WorkerResult::Kind::LabPartial, t0);
            r.lab = std::move(partial);
            publish(std::move(r));
        };
        if (!part(WorkerResult::Kind::Lab, [&](WorkerResult& r) { r.lab = engine_->noiseLab(*request.lab, hooks, on_partial); }))
            return;
    }
    if (request.split && !superseded()) {
        part(WorkerResult::Kind::Split, [&](WorkerResult& r) {
            r.split_left = engine_->renderSubject(request.split->subject, request.split->left, hooks);
            r.split_right = engine_->renderSubject(request.split->subject, request.split->right, hooks);
        });
    }
}

}  // namespace stylemix
