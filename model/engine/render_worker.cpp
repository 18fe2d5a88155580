#include "model/engine/render_worker.h"

#include "model/core/stopwatch.h"
#include "model/engine/engine.h"
#include "model/engine/render_jobs.h"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace stylemix {
namespace {

constexpr std::chrono::milliseconds kTrimAfterIdle{750};

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
// It walks every arena (10-30 ms, measured under a sweep) and cannot be
// interrupted, so it runs only once the worker has been idle for
// kTrimAfterIdle: during a drag, requests come every few frames and must
// never wait behind it.
void releaseFreedMemory() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

}  // namespace

RenderWorker::RenderWorker(std::shared_ptr<WorkerMailbox> mailbox, int background_nice)
    : mailbox_(std::move(mailbox)), background_nice_(background_nice), thread_([this] { run(); }) {}

RenderWorker::RenderWorker(std::function<void()> wake, int background_nice)
    : RenderWorker(std::make_shared<WorkerMailbox>(std::move(wake)), background_nice) {}

RenderWorker::~RenderWorker() {
    mailbox_->stop();
    if (thread_.joinable()) thread_.join();
}

void RenderWorker::run() {
    if (background_nice_ > 0) lowerThisThreadsPriority(background_nice_);
    mailbox_->setState(WorkerState::Idle);
    while (const std::optional<WorkerMailbox::Work> work = mailbox_->take()) {
        if (work->load) doLoad(work->load->first, work->load->second);
        if (work->render) doRender(work->render->first, work->render->second);
        mailbox_->setState(WorkerState::Idle);
        if (mailbox_->idle() && !mailbox_->waitForWork(kTrimAfterIdle)) releaseFreedMemory();
    }
    engine_.reset();
    mailbox_->setState(WorkerState::Stopped);
}

void RenderWorker::doLoad(const LoadRequest& request, std::uint64_t generation) {
    mailbox_->setState(WorkerState::Loading);
    mailbox_->setProgress(0.f);
    const auto t0 = Clock::now();
    WorkerResult result;
    result.kind = WorkerResult::Kind::Load;
    result.generation = generation;
    ProgressHooks hooks;
    hooks.cancelled = [this, generation] { return mailbox_->loadSuperseded(generation); };
    hooks.progress = [this](float f) { mailbox_->setProgress(f); };
    try {
        auto engine = Engine::load(request.path, request.device, request.precision, hooks, request.content);
        if (request.cache_budget_bytes > 0) engine->setCacheBudget(request.cache_budget_bytes);
        auto facts = std::make_shared<const ModelFacts>(engine->facts());
        engine_ = std::move(engine);   // the old model stays until the new one is complete
        mailbox_->setFacts(facts);
        result.facts = facts;
    } catch (const Cancelled&) {
        return;   // superseded by a newer load, or shutting down
    } catch (const std::exception& e) {
        result.error = e.what();
        result.facts = mailbox_->facts();
    }
    result.elapsed_ms = msSince(t0);
    mailbox_->setProgress(1.f);
    mailbox_->publish(std::move(result));
}

void RenderWorker::doRender(const RenderRequest& request, std::uint64_t generation) {
    mailbox_->setState(WorkerState::Rendering);
    mailbox_->setProgress(0.f);
    JobContext context{*mailbox_, generation, mailbox_->facts()};
    for (const ViewJob& job : request.jobs) {
        if (mailbox_->renderSuperseded(generation)) return;
        if (!engine_) {
            context.fail(job, "no model is loaded");
            continue;
        }
        if (!runJob(*engine_, job, context)) return;   // cancelled: superseded or shutting down
        ++renders_completed_;
    }
}

}  // namespace stylemix
